package org.defocusj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

class BatchEnginesTest {

    @Test
    void localIsAlwaysThere() {
        assertEquals("local", BatchEngines.find(" Local ").name());
    }

    @Test
    void anUnknownEngineNamesTheOption() {
        BadInputException e = assertThrows(BadInputException.class, () -> BatchEngines.find("mapreduce"));
        assertTrue(e.getMessage().startsWith("--engine: unknown engine 'mapreduce' (expected one of local"),
                e.getMessage());
    }
}
