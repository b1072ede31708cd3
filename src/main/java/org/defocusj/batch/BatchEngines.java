package org.defocusj.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

import org.defocusj.BadInputException;

/** Finds a {@link BatchEngine} by name: {@code local}, or one registered through {@link ServiceLoader}. */
public final class BatchEngines {

    private BatchEngines() {
    }

    public static BatchEngine find(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        List<String> known = new ArrayList<>(List.of(LocalBatchEngine.NAME));
        if (wanted.equals(LocalBatchEngine.NAME)) {
            return new LocalBatchEngine();
        }
        for (BatchEngine e : ServiceLoader.load(BatchEngine.class, BatchEngines.class.getClassLoader())) {
            if (e.name().equals(wanted)) {
                return e;
            }
            known.add(e.name());
        }
        String hint = wanted.equals("spark") ? "; spark needs DefocusJ's Spark jars on the class path (see the "
                + "README, \"Scale-out on Apache Spark\")" : "";
        throw BadInputException.forParameter("engine", "unknown engine '" + name + "' (expected one of "
                + String.join(", ", known) + hint + ")");
    }
}
