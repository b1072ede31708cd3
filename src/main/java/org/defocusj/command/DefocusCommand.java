package org.defocusj.command;

import java.lang.reflect.Field;
import java.util.concurrent.CancellationException;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.depth.ProgressListener;

/**
 * A DefocusJ action as a SciJava command. Its {@code @Parameter} fields are the one definition of the
 * action's inputs and outputs: SciJava harvests them in scripts and Fiji; the ImageJ 1.x menu entries
 * ({@code org.defocusj.ij1}) read the same fields reflectively to build their GenericDialog and macro keys;
 * {@link DefocusActions} sets them for the script service and the macro extensions. All three then call
 * {@link #execute}, which validates, delegates to the algorithm layer and sets the outputs only when
 * everything succeeded (so a failure leaves no half-made image).
 *
 * <p>Commands are registered without a menu path: Fiji's menu entries come from {@code plugins.config} only,
 * so each action appears once. Bad input raises {@link BadInputException} whose message starts with the
 * label of the offending parameter (the algorithm layer's parameter ids are named by {@link ParameterNames}
 * from the fields' {@code cli} attributes); in a SciJava context it is also logged, and {@code Future.get()}
 * rethrows it.
 * Cancellation (the command cancelled, its thread interrupted, or Esc in ImageJ 1.x) stops the algorithm
 * between units of work and cancels the command without outputs.
 */
public abstract class DefocusCommand extends ContextCommand {

    @Parameter(required = false)
    private StatusService statusService;

    @Parameter(required = false)
    private LogService logService;

    @Override
    public void run() {
        try {
            execute(new StatusProgress(statusService, this, Thread.currentThread()));
        } catch (CancellationException e) {
            cancel(title() + ": cancelled");
        } catch (BadInputException e) {
            if (logService != null) {
                logService.error(title() + ": " + e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Runs the action with the current field values.
     *
     * @throws BadInputException naming the parameter to fix; no output is set
     * @throws CancellationException if {@code progress} asked to stop; no output is set
     */
    public final void execute(ProgressListener progress) {
        clearOutputs();
        try {
            perform(progress == null ? ProgressListener.NONE : progress);
        } catch (BadInputException e) {
            clearOutputs();
            String message = ParameterNames.message(e, getClass());
            throw message.equals(e.getMessage()) ? e : new BadInputException(message, e);
        } catch (RuntimeException | Error e) {
            clearOutputs();
            throw e;
        }
    }

    /** Validates the inputs, runs the algorithm and, as its last step, sets the output fields. */
    protected abstract void perform(ProgressListener progress);

    /** The user-facing name (the {@code @Plugin} label, also the menu entry). */
    public String title() {
        Plugin p = getClass().getAnnotation(Plugin.class);
        return p == null || p.label().isEmpty() ? getClass().getSimpleName() : p.label();
    }

    private void clearOutputs() {
        for (Class<?> c = getClass(); c != DefocusCommand.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Parameter p = f.getAnnotation(Parameter.class);
                if (p != null && p.type() == ItemIO.OUTPUT && !f.getType().isPrimitive()) {
                    try {
                        f.setAccessible(true);
                        f.set(this, null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }
}
