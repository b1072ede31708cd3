package org.defocusj.depth;

import java.io.Serializable;
import java.util.Objects;

import org.defocusj.BadInputException;
import org.defocusj.align.AlignSettings;
import org.defocusj.align.AligningSession;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;

/**
 * A registered method with its settings: what a front end chose, and what a batch engine ships to its
 * workers (Serializable; the method is found again by key where it runs). It also carries how stacks are
 * aligned before the method sees them ({@link AlignSettings}): every front end opens the method through
 * {@link #open()}, so alignment happens in this one place for all of them.
 */
public final class MethodSetup implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final DepthSettings settings;
    private final AlignSettings align;
    /** Threads of the alignment; 0 for all processors. */
    private final int threads;

    private MethodSetup(String key, DepthSettings settings, AlignSettings align, int threads) {
        this.key = key;
        this.settings = Objects.requireNonNull(settings);
        this.align = Objects.requireNonNull(align);
        this.threads = threads;
    }

    /**
     * The method {@code values} name ({@link DepthMethods#parameter()}) with its settings and the alignment from
     * the same values.
     */
    public static MethodSetup of(ParameterValues values) {
        return of(DepthMethods.find(values.get(DepthMethods.parameter())), values);
    }

    public static MethodSetup of(DepthMethod method, ParameterValues values) {
        return new MethodSetup(method.key(), method.settings(values), AlignSettings.from(values), 0);
    }

    /**
     * {@code method} with settings it made (its {@link DepthMethod#settings} or its settings type), aligning
     * stacks as by default ({@link #withAlign} to change it).
     */
    public static MethodSetup of(DepthMethod method, DepthSettings settings) {
        return new MethodSetup(method.key(), settings, AlignSettings.DEFAULTS, 0);
    }

    public String key() {
        return key;
    }

    public DepthMethod method() {
        return DepthMethods.find(key);
    }

    public DepthSettings settings() {
        return settings;
    }

    /** How stacks are aligned before the method sees them. */
    public AlignSettings align() {
        return align;
    }

    public MethodSetup withAlign(AlignSettings newAlign) {
        return new MethodSetup(key, settings, newAlign, threads);
    }

    public MethodSetup withThreads(int newThreads) {
        return new MethodSetup(key, settings.withThreads(newThreads), align, newThreads);
    }

    public MethodSetup withOutputs(boolean confidence, boolean allInFocus) {
        return new MethodSetup(key, settings.withOutputs(confidence, allInFocus), align, threads);
    }

    /**
     * Checks what the method needs of the stacks against how their focus distances and focal length will be
     * found, before anything slow (loading a network, reading stacks) happens. A missing focal length is not known
     * yet (a stack's EXIF may give it): {@link #checkStack} tells, once a stack is read.
     *
     * @param focalLength the focal length the user gave, or null
     */
    public void checkStackOptions(FocusSource focus, FocalLength focalLength) {
        DepthMethod m = method();
        if (m.needs().contains(StackNeed.METRIC_FOCUS) && focus.kind() == FocusSource.Kind.INDEX) {
            throw BadInputException.forParameter(FocusSource.FOCUS.id(), m.displayName() + " needs metric focus "
                    + "distances (e.g. 0.8,1.7,3.0 in m), not '" + FocusSource.INDEX + "'");
        }
        if (!m.needs().contains(StackNeed.FOCAL_LENGTH) && focalLength != null) {
            throw FocalLength.unused(m.displayName());
        }
    }

    /** Checks a read stack against what the method needs of it that only the stack tells: its focal length. */
    public void checkStack(FocusStack stack) {
        DepthMethod m = method();
        if (m.needs().contains(StackNeed.FOCAL_LENGTH) && stack.intrinsics() == null) {
            throw FocalLength.missing(m.displayName());
        }
    }

    /** See {@link DepthMethod#verify}. */
    public void verify() {
        method().verify(settings);
    }

    /** Loads the method, aligning each stack first unless alignment is off; the caller closes the session. */
    public DepthSession open() {
        DepthSession session = method().open(settings);
        if (!align.enabled()) {
            return session;
        }
        return new AligningSession(session, align, threads > 0 ? threads
                : Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String toString() {
        return key + " (" + settings + "; align " + align + ")";
    }
}
