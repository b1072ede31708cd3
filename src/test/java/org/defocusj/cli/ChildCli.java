package org.defocusj.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One run of the command line in a fresh JVM, for what an in-process run cannot show: a class path without some
 * jars, or a JVM without the flags the test JVM was started with.
 */
final class ChildCli {

    final int code;
    final String err;

    private ChildCli(int code, String err) {
        this.code = code;
        this.err = err;
    }

    /** Runs {@code Main} on the test class path minus the entries {@code drop} matches, with only {@code jvmFlags}. */
    static ChildCli run(Predicate<String> drop, List<String> jvmFlags, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = command(drop, jvmFlags, args);
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("child JVM did not finish: " + cmd);
        }
        return new ChildCli(p.exitValue(), new String(err, StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code Main} on the whole test class path and returns at once, for tests that act on a running
     * command line (stop it, run another beside it); stdout and stderr go to {@code log}.
     */
    static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(command(e -> false, List.of("-Xmx256m"), args)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static List<String> command(Predicate<String> drop, List<String> jvmFlags, String... args) {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(drop.negate()).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.awt.headless=true");
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Override
    public String toString() {
        return "exit " + code + "\n" + err;
    }
}
