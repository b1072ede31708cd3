package org.defocusj.command;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import ij.IJ;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.DynamicCommand;
import org.scijava.command.DynamicCommandInfo;
import org.scijava.log.LogService;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.ParameterNaming;
import org.defocusj.align.AlignSettings;
import org.defocusj.depth.DepthMethods;
import org.defocusj.depth.ProgressListener;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.FocusSource;

/**
 * A DefocusJ action as a SciJava command. Its inputs are of two sorts, laid out in one order by
 * {@link #layout()}: the command's own {@code @Parameter} fields (images, output choices), and parameters
 * declared where they belong ({@link ParameterSpec}s of a method's settings, of the stack's focus and optics),
 * which this class adds as SciJava inputs of the same names (the id in camel case) so that scripts, Fiji and the
 * ImageJ 1.x menu entries ({@code org.defocusj.ij1}) see them like fields. Commands read the declared values as
 * {@link #values()} and hand them to the algorithm layer, which validates them. SciJava harvests inputs in
 * scripts and Fiji; the ImageJ 1.x entries build their GenericDialog and macro keys from {@link #layout()}.
 * All then call {@link #execute}, which sets the outputs only when everything succeeded (so a failure leaves
 * no half-made image).
 *
 * <p>Commands are registered without a menu path: Fiji's menu entries come from {@code plugins.config} only,
 * so each action appears once. Bad input raises {@link BadInputException} whose message starts with the
 * label of the offending parameter (the algorithm layer names parameters by id; {@link #naming()} turns ids
 * into labels); in a SciJava context it is also logged, and {@code Future.get()} rethrows it. Cancellation
 * (the command cancelled, its thread interrupted, or Esc in ImageJ 1.x) stops the algorithm between units of
 * work and cancels the command without outputs.
 */
public abstract class DefocusCommand extends DynamicCommand {

    /** Name of the {@link Attr} that gives the parameter id of a field, for messages about it. */
    static final String PARAMETER_ID = "id";

    @Parameter(required = false)
    private StatusService statusService;

    @Parameter(required = false)
    private LogService logService;

    /** Declared parameters by SciJava input name, and their values as Fiji holds them. */
    private final Map<String, ParameterSpec<?>> declared = new LinkedHashMap<>();
    private final Map<String, Object> declaredValues = new LinkedHashMap<>();
    private boolean inputsAdded;

    protected DefocusCommand() {
        for (Object slot : layout()) {
            if (slot instanceof ParameterSpec) {
                ParameterSpec<?> p = (ParameterSpec<?>) slot;
                declared.put(p.inputName(), p);
                declaredValues.put(p.inputName(), fijiValue(p, p.defaultValue()));
            }
        }
    }

    /**
     * The inputs in the order dialogs show them: names of all of this command's {@code @Parameter} input fields,
     * and declared {@link ParameterSpec}s; empty (the default) for the input fields in declaration order and
     * nothing declared. Called from the constructor: return constants only.
     */
    public List<Object> layout() {
        return List.of();
    }

    /** {@code group} with {@code replaced} put in place of {@code spec}, for a field that shows it another way. */
    protected static List<Object> replace(List<? extends ParameterSpec<?>> group, ParameterSpec<?> spec,
            Object replaced) {
        List<Object> out = new ArrayList<>();
        for (ParameterSpec<?> p : group) {
            out.add(p == spec ? replaced : p);
        }
        return out;
    }

    /** The concatenation of single slots and lists of slots, for {@link #layout()}. */
    protected static List<Object> slots(Object... parts) {
        List<Object> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List) {
                out.addAll((List<?>) p);
            } else {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    // -- declared parameters as SciJava inputs --

    @Override
    public DynamicCommandInfo getInfo() {
        DynamicCommandInfo info = super.getInfo();
        if (!inputsAdded) {
            inputsAdded = true;
            for (ParameterSpec<?> p : declared.values()) {
                info.addInput(item(p));
            }
        }
        return info;
    }

    private DefaultMutableModuleItem<?> item(ParameterSpec<?> p) {
        DefaultMutableModuleItem<Object> item = new DefaultMutableModuleItem<>(this, p.inputName(), fijiType(p));
        item.setLabel(p.label());
        item.setDescription(p.help());
        item.setPersisted(false);
        item.setRequired(p.defaultValue() != null);
        item.setDefaultValue(fijiValue(p, p.defaultValue()));
        if (p.choices() != null) {
            item.setChoices(new ArrayList<>(p.choices()));
        }
        if (p.min() != null) {
            item.setMinimumValue(p.kind() == ParameterSpec.Kind.INTEGER ? (Object) p.min().intValue() : p.min());
        }
        if (p.max() != null && p.max() < Double.MAX_VALUE) {
            item.setMaximumValue(p.kind() == ParameterSpec.Kind.INTEGER ? (Object) p.max().intValue() : p.max());
        }
        if (p.step() != null) {
            item.setStepSize(p.step());
        }
        if (p.kind() == ParameterSpec.Kind.FOLDER) {
            item.setWidgetStyle("directory");
        }
        return item;
    }

    @Override
    public Object getInput(String name) {
        return declared.containsKey(name) ? declaredValues.get(name) : super.getInput(name);
    }

    @Override
    public void setInput(String name, Object value) {
        if (declared.containsKey(name)) {
            declaredValues.put(name, value);
        } else {
            super.setInput(name, value);
        }
    }

    /** The declared parameters this command shows, in layout order. */
    public List<ParameterSpec<?>> declaredParameters() {
        return new ArrayList<>(declared.values());
    }

    /** A declared parameter's value as Fiji holds it (numbers, text, booleans, files). */
    public Object declaredValue(ParameterSpec<?> p) {
        return declaredValues.get(p.inputName());
    }

    /** Sets a declared parameter; a number for an integer is rounded, text for a file becomes a File. */
    public void setDeclared(ParameterSpec<?> p, Object value) {
        Object v = value;
        if (p.kind() == ParameterSpec.Kind.INTEGER && value instanceof Number) {
            v = (int) Math.round(((Number) value).doubleValue());
        } else if ((p.kind() == ParameterSpec.Kind.FILE || p.kind() == ParameterSpec.Kind.FOLDER)
                && value instanceof String) {
            v = ((String) value).trim().isEmpty() ? null : new File(((String) value).trim());
        }
        declaredValues.put(p.inputName(), v);
    }

    /**
     * The declared values by parameter id, for the algorithm layer. A number Fiji shows as 0 for "not given"
     * (an optional number, such as a focal length) is not given.
     */
    protected ParameterValues values() {
        Map<String, Object> byId = new LinkedHashMap<>();
        for (ParameterSpec<?> p : declared.values()) {
            Object v = declaredValues.get(p.inputName());
            if (p.kind() == ParameterSpec.Kind.NUMBER && p.defaultValue() == null && v instanceof Number
                    && ((Number) v).doubleValue() == 0) {
                v = null;
            }
            byId.put(p.id(), v instanceof File ? ((File) v).toPath() : v);
        }
        return ParameterValues.of(byId);
    }

    private static Class<Object> fijiType(ParameterSpec<?> p) {
        Class<?> t;
        switch (p.kind()) {
            case FILE:
            case FOLDER:
                t = File.class;
                break;
            case TEXT:
            case CHOICE:
                t = String.class;
                break;
            default:
                t = p.type();
        }
        @SuppressWarnings("unchecked")
        Class<Object> c = (Class<Object>) t;
        return c;
    }

    private static Object fijiValue(ParameterSpec<?> p, Object value) {
        if (value == null && p.kind() == ParameterSpec.Kind.NUMBER) {
            return 0.0;
        }
        return value instanceof Path ? ((Path) value).toFile() : value;
    }

    // -- running --

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
     * Runs the action with the current input values.
     *
     * @throws BadInputException naming the parameter to fix by its label; no output is set
     * @throws CancellationException if {@code progress} asked to stop; no output is set
     */
    public final void execute(ProgressListener progress) {
        clearOutputs();
        try {
            perform(progress == null ? ProgressListener.NONE : progress);
        } catch (BadInputException e) {
            clearOutputs();
            String message = e.message(naming());
            throw message.equals(e.getMessage()) ? e : new BadInputException(message, e);
        } catch (RuntimeException | Error e) {
            clearOutputs();
            throw e;
        }
    }

    /** Shows how a stack was read where the user should know (its {@link FocusStack#notes()}), in the log. */
    protected void showNotes(List<String> notes) {
        for (String n : notes) {
            String text = title() + ": " + BadInputException.render(n, naming());
            if (logService != null) {
                logService.info(text);
            } else {
                IJ.log(text);
            }
        }
    }

    /** Validates the inputs, runs the algorithm and, as its last step, sets the output fields. */
    protected abstract void perform(ProgressListener progress);

    /** The user-facing name (the {@code @Plugin} label, also the menu entry). */
    public String title() {
        Plugin p = getClass().getAnnotation(Plugin.class);
        return p == null || p.label().isEmpty() ? getClass().getSimpleName() : p.label();
    }

    /**
     * Parameter ids as this command's users know them: the label of its declared input, or of its field whose
     * name is the id in camel case ({@code groundTruth} for {@code ground-truth}) or whose id attribute lists
     * it; else the label of a declared parameter it does not show (so a message may still point at it); else
     * the id.
     */
    ParameterNaming naming() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (ParameterSpec<?> p : declared.values()) {
            labels.put(p.id(), p.label());
        }
        for (Class<?> c = getClass(); c != DefocusCommand.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Parameter p = f.getAnnotation(Parameter.class);
                if (p == null) {
                    continue;
                }
                String label = p.label().isEmpty() ? f.getName() : p.label();
                labels.putIfAbsent(kebab(f.getName()), label);
                for (Attr a : p.attrs()) {
                    if (PARAMETER_ID.equals(a.name())) {
                        for (String id : a.value().split(",")) {
                            labels.putIfAbsent(id.trim(), label);
                        }
                    }
                }
            }
        }
        return labelled(labels);
    }

    /** Parameter ids named by the labels of the declared parameters (for front ends without own fields). */
    public static ParameterNaming declaredLabels() {
        return labelled(new LinkedHashMap<>());
    }

    /** {@code labels}, then the declared parameters' labels, then the id; a dialog field needs no placeholder. */
    private static ParameterNaming labelled(Map<String, String> labels) {
        for (ParameterSpec<?> p : knownParameters()) {
            labels.putIfAbsent(p.id(), p.label());
        }
        return new ParameterNaming() {
            @Override
            public String name(String id) {
                return labels.getOrDefault(id, id);
            }

            @Override
            public String usage(String id, String placeholder) {
                return name(id);
            }
        };
    }

    private static List<ParameterSpec<?>> knownParameters() {
        List<ParameterSpec<?>> known = new ArrayList<>(DepthMethods.allParameters());
        known.addAll(FocusSource.PARAMETERS);
        known.addAll(FocalLength.PARAMETERS);
        known.addAll(AlignSettings.PARAMETERS);
        return known;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
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
