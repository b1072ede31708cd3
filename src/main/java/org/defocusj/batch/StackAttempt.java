package org.defocusj.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.defocusj.io.AtomicOutputs;

/**
 * One try at one stack, which its engine may give up (time limit, interruption) while the worker still runs:
 * giving up closes every output set of the try, removing its temporary files, so nothing the worker writes
 * afterwards is published.
 */
final class StackAttempt {

    private final List<AtomicOutputs> outputs = new ArrayList<>();
    private boolean abandoned;

    /** {@code o}, to be closed if the try is given up. */
    synchronized AtomicOutputs track(AtomicOutputs o) {
        if (abandoned) {
            o.close();
            throw new CancellationException("stack given up");
        }
        outputs.add(o);
        return o;
    }

    synchronized void abandon() {
        abandoned = true;
        outputs.forEach(AtomicOutputs::close);
    }
}
