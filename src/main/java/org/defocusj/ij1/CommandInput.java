package org.defocusj.ij1;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ij.ImagePlus;

import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Parameter;
import org.scijava.service.Service;

import org.defocusj.command.DefocusCommand;
import org.defocusj.param.ParameterSpec;

/**
 * One input of a DefocusJ command, read from its {@code @Parameter} field: what ImageJ 1.x dialogs and macro
 * options need (label, kind, choices, description) and access to the field's value. The macro key is the
 * label in lower case with spaces as underscores ({@code Focus distances} becomes {@code focus_distances}):
 * GenericDialog shows underscores as spaces and takes the key from the label up to its first space, so
 * each whole label becomes a unique key.
 */
final class CommandInput {

    /** How a field is edited. */
    enum Kind { IMAGE, OPTIONAL_IMAGE, CHOICE, TEXT, FILE, FOLDER, INTEGER, NUMBER, FLAG }

    /** The choice of an optional image that means none, as ImageJ's own dialogs spell it. */
    static final String NO_IMAGE = "*None*";

    /** The command's field, or null for a declared parameter. */
    final Field field;
    /** The declared parameter, or null for a field. */
    final ParameterSpec<?> declared;
    final String label;
    final Kind kind;
    final String[] choices;
    final String description;

    private CommandInput(Field field, ParameterSpec<?> declared, String label, Kind kind, String[] choices,
            String description) {
        this.field = field;
        this.declared = declared;
        this.label = label;
        this.kind = kind;
        this.choices = choices;
        this.description = description;
    }

    /**
     * The inputs of a command, in its {@link DefocusCommand#layout()} order, or in field declaration order when it
     * lays out none (subclass fields only; services are skipped).
     */
    static List<CommandInput> of(Class<? extends DefocusCommand> type) {
        DefocusCommand prototype;
        try {
            prototype = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
        }
        List<Object> layout = prototype.layout();
        List<CommandInput> fields = fieldInputs(type);
        if (layout.isEmpty()) {
            return fields;
        }
        List<CommandInput> inputs = new ArrayList<>();
        for (Object slot : layout) {
            if (slot instanceof ParameterSpec) {
                inputs.add(declared((ParameterSpec<?>) slot));
                continue;
            }
            CommandInput f = fields.stream().filter(i -> i.field.getName().equals(slot)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(type.getName() + ".layout(): no input field " + slot));
            inputs.add(f);
        }
        for (CommandInput f : fields) {
            if (!inputs.contains(f)) {
                throw new IllegalStateException(type.getName() + ".layout(): input field " + f.field.getName()
                        + " is missing");
            }
        }
        return Collections.unmodifiableList(inputs);
    }

    private static CommandInput declared(ParameterSpec<?> p) {
        Kind kind;
        switch (p.kind()) {
            case INTEGER:
                kind = Kind.INTEGER;
                break;
            case NUMBER:
                kind = Kind.NUMBER;
                break;
            case FLAG:
                kind = Kind.FLAG;
                break;
            case CHOICE:
                kind = Kind.CHOICE;
                break;
            case FOLDER:
                kind = Kind.FOLDER;
                break;
            case FILE:
                kind = Kind.FILE;
                break;
            default:
                kind = Kind.TEXT;
        }
        return new CommandInput(null, p, p.label(), kind, p.choices() == null ? null : p.choices().toArray(new String[0]),
                p.help());
    }

    /** A command class and its superclasses below DefocusCommand, superclasses first. */
    private static List<Class<?>> chain(Class<?> type) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != DefocusCommand.class && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        return chain;
    }

    private static List<CommandInput> fieldInputs(Class<? extends DefocusCommand> type) {
        List<CommandInput> inputs = new ArrayList<>();
        for (Class<?> c : chain(type)) {
            for (Field f : c.getDeclaredFields()) {
                Parameter p = f.getAnnotation(Parameter.class);
                if (p == null || Modifier.isStatic(f.getModifiers()) || p.type() == ItemIO.OUTPUT
                        || p.visibility() == ItemVisibility.MESSAGE || Service.class.isAssignableFrom(f.getType())
                        || Context.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                f.setAccessible(true);
                inputs.add(new CommandInput(f, null, p.label().isEmpty() ? f.getName() : p.label(), kindOf(f, p),
                        p.choices().length > 0 ? p.choices().clone() : null, p.description()));
            }
        }
        return Collections.unmodifiableList(inputs);
    }

    /** The image outputs of a command, superclass fields first, in declaration order (nulls skipped). */
    static List<ImagePlus> outputImages(DefocusCommand command) {
        List<ImagePlus> images = new ArrayList<>();
        for (Class<?> c : chain(command.getClass())) {
            for (Field f : c.getDeclaredFields()) {
                Parameter p = f.getAnnotation(Parameter.class);
                if (p != null && p.type() == ItemIO.OUTPUT && ImagePlus.class.isAssignableFrom(f.getType())) {
                    f.setAccessible(true);
                    try {
                        ImagePlus imp = (ImagePlus) f.get(command);
                        if (imp != null) {
                            images.add(imp);
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return images;
    }

    private static Kind kindOf(Field f, Parameter p) {
        Class<?> t = f.getType();
        if (ImagePlus.class.isAssignableFrom(t)) {
            return p.required() ? Kind.IMAGE : Kind.OPTIONAL_IMAGE;
        }
        if (t == String.class) {
            return p.choices().length > 0 ? Kind.CHOICE : Kind.TEXT;
        }
        if (t == java.io.File.class) {
            return Kind.FOLDER;
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return Kind.INTEGER;
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return Kind.NUMBER;
        }
        if (t == boolean.class || t == Boolean.class) {
            return Kind.FLAG;
        }
        throw new IllegalStateException(f + ": no ImageJ 1.x dialog field for type " + t.getName());
    }

    /** The label as GenericDialog gets it: underscores for spaces, so the macro key is the whole label. */
    String dialogLabel() {
        return label.replace(' ', '_');
    }

    /** Whether the input is an open image, required or not (neither is remembered between dialogs). */
    boolean isImage() {
        return kind == Kind.IMAGE || kind == Kind.OPTIONAL_IMAGE;
    }

    /** The macro option key, e.g. {@code focus_distances}. */
    String key() {
        return dialogLabel().toLowerCase(java.util.Locale.US);
    }

    Object get(DefocusCommand command) {
        if (declared != null) {
            Object v = command.declaredValue(declared);
            return v instanceof java.io.File ? ((java.io.File) v).getPath() : v;
        }
        try {
            return field.get(command);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets the field from a harvested value: an ImagePlus, a String (also for folders: empty means none), a
     * double (numbers) or a Boolean.
     */
    void set(DefocusCommand command, Object value) {
        if (declared != null) {
            command.setDeclared(declared, value);
            return;
        }
        try {
            Class<?> t = field.getType();
            if (kind == Kind.FOLDER) {
                String path = value == null ? "" : value.toString().trim();
                field.set(command, path.isEmpty() ? null : new java.io.File(path));
            } else if (kind == Kind.INTEGER) {
                long v = Math.round((Double) value);
                field.set(command, t == int.class || t == Integer.class ? (Object) (int) v : (Object) v);
            } else if (kind == Kind.NUMBER) {
                double v = (Double) value;
                field.set(command, t == float.class || t == Float.class ? (Object) (float) v : (Object) v);
            } else {
                field.set(command, value);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
