package org.defocusj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

class BatchEnginesTest {

    @Test
    void localIsBuiltIn() {
        assertEquals("local", BatchEngines.find(" Local ").name());
    }

    @Test
    void anUnknownEngineNamesTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> BatchEngines.find("hadoop"));
        assertTrue(e.getMessage().startsWith("--engine: unknown engine 'hadoop' (expected one of local"),
                e.getMessage());
        assertFalse(e.getMessage().contains("Scale-out on Apache Spark"), e.getMessage());
    }

    /**
     * The plugin jar is target/classes as it is: no Spark engine class and no service entry that would make
     * Fiji's ServiceLoader reach for Spark (the spark profile compiles those into target/spark-classes).
     */
    @Test
    void thePluginsClassesHoldNoSparkEngine() throws URISyntaxException {
        Path classes = Path.of(BatchEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(classes.resolve("org/defocusj/batch/BatchEngine.class")), classes::toString);
        assertFalse(Files.exists(classes.resolve("org/defocusj/spark")), classes::toString);
        assertFalse(Files.exists(classes.resolve("META-INF/services/" + BatchEngine.class.getName())),
                classes::toString);
    }
}
