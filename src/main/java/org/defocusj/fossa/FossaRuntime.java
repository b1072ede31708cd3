package org.defocusj.fossa;

import java.util.ArrayList;
import java.util.List;

/**
 * Which engine runs a FOSSA network: libtorch (DJL) on the TorchScript file, or ONNX Runtime on the ONNX export
 * beside it ({@code MODEL.onnx} next to {@code MODEL.pt}, written by scripts/export_fossa_onnx.py). {@link #AUTO}
 * takes ONNX Runtime when that file is there (it is within 1e-4 of libtorch and faster: README, FOSSA), else
 * libtorch.
 */
public enum FossaRuntime {
    AUTO, TORCH, ONNX;

    /** The parameter value: {@code auto}, {@code torch} or {@code onnx}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The runtime named by {@code key} (as {@link #key()} writes it), or null. */
    public static FossaRuntime of(String key) {
        for (FossaRuntime r : values()) {
            if (r.key().equals(key)) {
                return r;
            }
        }
        return null;
    }

    static List<String> keys() {
        List<String> k = new ArrayList<>();
        for (FossaRuntime r : values()) {
            k.add(r.key());
        }
        return k;
    }
}
