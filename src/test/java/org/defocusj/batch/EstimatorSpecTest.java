package org.defocusj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.defocusj.dff.DffParameters;
import org.defocusj.fossa.FocalLength;

class EstimatorSpecTest {

    @Test
    void aModelFileBecomesAbsoluteForWorkersElsewhere() {
        EstimatorSpec spec = EstimatorSpec.fossa("models/fossa-vits.pt", FocalLength.ofPixels(500),
                DffParameters.defaults());
        assertEquals(Path.of("models/fossa-vits.pt").toAbsolutePath().toString(), spec.model());
        assertEquals("builtin:tiny", EstimatorSpec.fossa(" builtin:tiny ", FocalLength.ofPixels(500),
                DffParameters.defaults()).model());
        assertNull(EstimatorSpec.depthFromFocus(DffParameters.defaults()).model());
    }

    @Test
    void survivesJavaSerialisationAsEnginesShipIt() throws Exception {
        EstimatorSpec spec = EstimatorSpec.fossa("builtin:tiny", FocalLength.ofMillimetres(50, 36),
                DffParameters.defaults().withWindow(7).withThreads(3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        EstimatorSpec back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (EstimatorSpec) in.readObject();
        }
        assertTrue(back.isFossa());
        assertEquals(7, back.dff().window());
        assertEquals(3, back.dff().threads());
        assertFalse(EstimatorSpec.depthFromFocus(DffParameters.defaults()).isFossa());
    }
}
