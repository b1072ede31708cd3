package org.defocusj.ij1;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import ij.plugin.PlugIn;
import ij.util.Tools;

import org.defocusj.BadInputException;
import org.defocusj.command.DefocusCommand;

/**
 * An ImageJ 1.x menu entry for a DefocusJ SciJava command. Subclasses only name their command; the dialog
 * is built from the command's inputs in its {@link DefocusCommand#layout()} order: its own {@code @Parameter}
 * fields, read reflectively, and the declared parameters ({@link org.defocusj.param.ParameterSpec}) it shows.
 *
 * <p>Why a reflective bridge rather than a dialog per action: the fields and declarations already say
 * everything a dialog needs (label, type, choices, default, description), and SciJava reads the same for
 * scripts and Fiji, so the dialog, the macro keys and the SciJava inputs have one definition. The price is
 * that a field type without a dialog counterpart fails fast (the plugins.config test runs every bridge's
 * field mapping).
 *
 * <p>The values come from a {@link GenericDialog} (so macro recording, {@code run(name, options)} and
 * {@code Macro.getOptions()} work exactly as for ImageJ's own commands, in ImageJ 1.x and Fiji), or, when
 * Java runs headless and AWT dialogs cannot exist, straight from the macro options with GenericDialog's
 * rules (value of {@code key=value} or {@code key=[a value]}, checkbox true when its key is present,
 * default when absent). Then the command's {@link DefocusCommand#execute} runs (the same code SciJava runs),
 * with progress on ImageJ's bar and Esc to cancel, and its output images are shown (in batch mode they go
 * to the macro's hidden images). Errors are shown with {@code IJ.error}, or logged when headless, and abort
 * a running macro; no output image appears unless the whole action succeeded, and the macro recorder keeps
 * no line for a run that was cancelled or failed.
 */
public abstract class CommandBridge implements PlugIn {

    private final Class<? extends DefocusCommand> type;

    protected CommandBridge(Class<? extends DefocusCommand> type) {
        this.type = type;
    }

    /** The command this entry runs. */
    public Class<? extends DefocusCommand> commandType() {
        return type;
    }

    @Override
    public void run(String arg) {
        DefocusCommand command = newCommand();
        String title = command.title();
        List<CommandInput> inputs = CommandInput.of(type);
        try {
            boolean go = GraphicsEnvironment.isHeadless() ? fromMacroOptions(command, inputs)
                    : fromDialog(command, inputs, title);
            if (!go) {
                forgetRecording(title);
                return;
            }
        } catch (BadInputException e) {
            forgetRecording(title);
            Ij1.report(title, e.getMessage());
            return;
        }
        IJ.resetEscape();
        long start = System.currentTimeMillis();
        try {
            command.execute(new IjProgress(title));
        } catch (BadInputException e) {
            forgetRecording(title);
            Ij1.report(title, e.getMessage());
            return;
        } catch (CancellationException e) {
            forgetRecording(title);
            IJ.showStatus(title + ": cancelled");
            return;
        } finally {
            IJ.showProgress(1.0);
        }
        for (ImagePlus imp : CommandInput.outputImages(command)) {
            Ij1.show(imp);
        }
        IJ.showStatus(String.format(Locale.ROOT, "%s: %.1f s", title, (System.currentTimeMillis() - start) / 1e3));
    }

    /**
     * Keeps the macro recorder from writing a {@code run()} line for a run that was cancelled or failed: ImageJ
     * records the menu command and its dialog options once the command returns, whatever happened, and a
     * recorded line that fails (or opens a dialog) when replayed is worse than none.
     */
    private static void forgetRecording(String title) {
        if (Recorder.record && title.equals(Recorder.getCommand())) {
            Recorder.disableCommandRecording();
        }
    }

    private DefocusCommand newCommand() {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
        }
    }

    /** Harvests with a GenericDialog (which reads macro options itself when a macro runs). */
    private boolean fromDialog(DefocusCommand command, List<CommandInput> inputs, String title) {
        boolean macro = Macro.getOptions() != null;
        int images = (int) inputs.stream().filter(i -> i.kind == CommandInput.Kind.IMAGE).count();
        if (images > 0 && WindowManager.getImageCount() < images) {
            throw new BadInputException(images == 1 ? "no image is open (expected an open image)"
                    : "needs " + images + " open images, " + WindowManager.getImageCount() + " open");
        }
        Map<String, Object> last = macro ? new HashMap<>() : recall(type, inputs);
        List<String> imageDefaults = imageDefaults(images);
        GenericDialog gd = new GenericDialog("DefocusJ: " + title);
        int imageIndex = 0;
        for (CommandInput in : inputs) {
            Object value = last.containsKey(in.key()) ? last.get(in.key()) : in.get(command);
            switch (in.kind) {
                case IMAGE:
                    gd.addImageChoice(in.dialogLabel(), imageDefaults.get(imageIndex++));
                    break;
                case OPTIONAL_IMAGE:
                    gd.addChoice(in.dialogLabel(), optionalImages(), CommandInput.NO_IMAGE);
                    break;
                case CHOICE:
                    gd.addChoice(in.dialogLabel(), in.choices, String.valueOf(value));
                    break;
                case TEXT:
                    gd.addStringField(in.dialogLabel(), value == null ? "" : value.toString(), 25);
                    break;
                case FOLDER:
                    gd.addDirectoryField(in.dialogLabel(), value == null ? "" : value.toString(), 25);
                    break;
                case FILE:
                    gd.addFileField(in.dialogLabel(), value == null ? "" : value.toString(), 25);
                    break;
                case INTEGER:
                case NUMBER:
                    double v = ((Number) value).doubleValue();
                    gd.addNumericField(in.dialogLabel(), v, in.kind == CommandInput.Kind.INTEGER ? 0 : decimals(v));
                    break;
                case FLAG:
                    gd.addCheckbox(in.dialogLabel(), (Boolean) value);
                    break;
                default:
                    throw new IllegalStateException(in.kind.toString());
            }
        }
        gd.addHelp(help(title, inputs));
        gd.showDialog();
        if (gd.wasCanceled()) {
            return false;
        }
        Map<String, Object> used = new HashMap<>();
        for (CommandInput in : inputs) {
            Object value;
            switch (in.kind) {
                case IMAGE:
                    value = gd.getNextImage();
                    if (value == null) {
                        throw new BadInputException(in.label + ": no image selected");
                    }
                    break;
                case OPTIONAL_IMAGE:
                    value = optionalImage(in, gd.getNextChoice());
                    break;
                case CHOICE:
                    value = gd.getNextChoice();
                    break;
                case TEXT:
                case FILE:
                case FOLDER:
                    value = gd.getNextString().trim();
                    break;
                case INTEGER:
                case NUMBER:
                    double v = gd.getNextNumber();
                    if (gd.invalidNumber() || Double.isNaN(v)) {
                        throw new BadInputException(in.label + ": expected a number");
                    }
                    value = checkInteger(in, v, Double.toString(v));
                    break;
                case FLAG:
                    value = gd.getNextBoolean();
                    break;
                default:
                    throw new IllegalStateException(in.kind.toString());
            }
            in.set(command, value);
            if (!in.isImage()) {
                used.put(in.key(), value);
            }
        }
        if (!macro) {
            remember(type, inputs, used);
        }
        return true;
    }

    /**
     * The values last used in this command's dialog, from ImageJ's preferences (IJ_Prefs.txt, so they survive a
     * restart, as ImageJ's own dialogs do); a stored value that no longer fits its field (a choice that is gone,
     * a number that does not parse) is ignored. Macros never see them: a macro must run the same anywhere.
     */
    static Map<String, Object> recall(Class<?> type, List<CommandInput> inputs) {
        Map<String, Object> values = new HashMap<>();
        for (CommandInput in : inputs) {
            String text = in.isImage() ? null : Prefs.get(prefKey(type, in), null);
            if (text == null) {
                continue;
            }
            switch (in.kind) {
                case INTEGER:
                case NUMBER:
                    double v = Tools.parseDouble(text);
                    if (!Double.isNaN(v) && (in.kind == CommandInput.Kind.NUMBER || v == Math.rint(v))) {
                        values.put(in.key(), v);
                    }
                    break;
                case FLAG:
                    values.put(in.key(), Boolean.parseBoolean(text));
                    break;
                case CHOICE:
                    if (java.util.Arrays.asList(in.choices).contains(text)) {
                        values.put(in.key(), text);
                    }
                    break;
                default:
                    values.put(in.key(), text);
            }
        }
        return values;
    }

    /** Stores the values of a dialog that was confirmed, for {@link #recall}. */
    static void remember(Class<?> type, List<CommandInput> inputs, Map<String, Object> used) {
        for (CommandInput in : inputs) {
            Object value = used.get(in.key());
            if (value != null) {
                Prefs.set(prefKey(type, in), value.toString());
            }
        }
    }

    private static String prefKey(Class<?> type, CommandInput in) {
        return "defocusj." + type.getSimpleName() + "." + in.key();
    }

    /**
     * Harvests from the macro options without AWT, following GenericDialog's macro rules; with no options
     * (a plugin called directly) the defaults stand.
     */
    boolean fromMacroOptions(DefocusCommand command, List<CommandInput> inputs) {
        String options = Macro.getOptions();
        int images = (int) inputs.stream().filter(i -> i.kind == CommandInput.Kind.IMAGE).count();
        List<String> imageDefaults = imageDefaults(images);
        int imageIndex = 0;
        for (CommandInput in : inputs) {
            String key = in.dialogLabel();
            String text = options == null ? null : Macro.getValue(options, key, null);
            Object value;
            switch (in.kind) {
                case IMAGE: {
                    String t = text != null ? text : imageDefaults.get(imageIndex);
                    imageIndex++;
                    value = t == null ? null : WindowManager.getImage(t);
                    if (value == null) {
                        throw new BadInputException(in.label + ": " + (t == null ? "no image is open"
                                : "no open image is titled '" + t + "'") + " (expected " + in.key()
                                + "=<title of an open image>)");
                    }
                    break;
                }
                case OPTIONAL_IMAGE:
                    value = optionalImage(in, text);
                    break;
                case CHOICE: {
                    String c = text != null ? text : String.valueOf(in.get(command));
                    value = choice(in, c);
                    break;
                }
                case TEXT:
                case FILE:
                case FOLDER:
                    value = text != null ? text.trim() : in.get(command);
                    break;
                case INTEGER:
                case NUMBER: {
                    if (text == null) {
                        value = ((Number) in.get(command)).doubleValue();
                    } else {
                        double v = Tools.parseDouble(text.trim());
                        if (Double.isNaN(v)) {
                            throw new BadInputException(in.label + ": '" + text + "' is not a number (expected "
                                    + in.key() + "=<number>)");
                        }
                        value = v;
                    }
                    value = checkInteger(in, (Double) value, text);
                    break;
                }
                case FLAG:
                    value = options == null ? in.get(command) : isMatch(options, in.key() + " ");
                    break;
                default:
                    throw new IllegalStateException(in.kind.toString());
            }
            in.set(command, value);
        }
        return true;
    }

    private static Object checkInteger(CommandInput in, double v, String text) {
        if (in.kind == CommandInput.Kind.INTEGER && v != Math.rint(v)) {
            throw new BadInputException(in.label + ": expected a whole number, got " + text);
        }
        return v;
    }

    private static String choice(CommandInput in, String text) {
        for (String c : in.choices) {
            if (c.equalsIgnoreCase(text.trim())) {
                return c;
            }
        }
        throw new BadInputException(in.label + ": '" + text + "' is not one of " + String.join(", ", in.choices));
    }

    /**
     * GenericDialog's checkbox rule: {@code key } occurs in the options outside a bracketed literal and not
     * right after an '='.
     */
    static boolean isMatch(String options, String keySpace) {
        String s = options.endsWith(" ") ? options : options + " ";
        if (s.startsWith(keySpace)) {
            return true;
        }
        String k = " " + keySpace;
        boolean literal = false;
        for (int i = 0; i + k.length() <= s.length(); i++) {
            char c = s.charAt(i);
            if (literal && c == ']') {
                literal = false;
            } else if (c == '[') {
                literal = true;
            }
            if (!literal && s.startsWith(k, i) && !(i > 0 && s.charAt(i - 1) == '=')) {
                return true;
            }
        }
        return false;
    }

    /** The choices of an optional image: none, then the open images' titles. */
    private static String[] optionalImages() {
        List<String> titles = new ArrayList<>();
        titles.add(CommandInput.NO_IMAGE);
        titles.addAll(imageDefaults(0));
        return titles.toArray(new String[0]);
    }

    /** The open image an optional image's choice names; null for none (or no choice). */
    private static ImagePlus optionalImage(CommandInput in, String title) {
        if (title == null || title.trim().isEmpty() || CommandInput.NO_IMAGE.equals(title.trim())) {
            return null;
        }
        ImagePlus imp = WindowManager.getImage(title.trim());
        if (imp == null) {
            throw new BadInputException(in.label + ": no open image is titled '" + title + "' (expected " + in.key()
                    + "=<title of an open image> or " + CommandInput.NO_IMAGE + ")");
        }
        return imp;
    }

    /** Default image titles: the current image, then the other open images in the order they were opened. */
    private static List<String> imageDefaults(int count) {
        Set<String> titles = new LinkedHashSet<>();
        ImagePlus current = WindowManager.getCurrentImage();
        if (current != null) {
            titles.add(current.getTitle());
        }
        int[] ids = WindowManager.getIDList();
        if (ids != null) {
            for (int id : ids) {
                ImagePlus imp = WindowManager.getImage(id);
                if (imp != null) {
                    titles.add(imp.getTitle());
                }
            }
        }
        List<String> list = new ArrayList<>(titles);
        while (list.size() < count) {
            list.add(list.isEmpty() ? null : list.get(list.size() - 1));
        }
        return list;
    }

    private static int decimals(double v) {
        if (v == Math.rint(v)) {
            return 0;
        }
        String s = Double.toString(Math.abs(v));
        int dot = s.indexOf('.');
        return dot < 0 || s.contains("E") ? 3 : Math.min(6, s.length() - dot - 1);
    }

    private static String help(String title, List<CommandInput> inputs) {
        StringBuilder sb = new StringBuilder("<html><h2>DefocusJ: ").append(title).append("</h2><table>");
        for (CommandInput in : inputs) {
            sb.append("<tr><td valign=top><b>").append(in.label).append("</b> <tt>").append(in.key())
                    .append("=</tt></td><td>").append(escape(in.description)).append("</td></tr>");
        }
        return sb.append("</table></html>").toString();
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
