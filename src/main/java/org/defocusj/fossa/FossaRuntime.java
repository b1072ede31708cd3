package org.defocusj.fossa;

import java.util.ArrayList;
import java.util.List;

/**
 * Which engine runs a FOSSA network: libtorch (DJL) on the TorchScript file, or ONNX Runtime on an ONNX export
 * beside it ({@code MODEL.onnx} next to {@code MODEL.pt}, fp32, or {@code MODEL.int8.onnx}, its dynamic int8
 * quantisation; both written by scripts/export_fossa_onnx.py). {@link #AUTO} takes the fastest that is there
 * (FossaModel.resolve): the int8 export (held-out scores within 2 % of fp32's), else the fp32 one (within 1e-4 of
 * libtorch), else libtorch (README, FOSSA).
 */
public enum FossaRuntime {
    AUTO(null), TORCH(null), ONNX(".onnx"), ONNX_INT8(".int8.onnx");

    private final String suffix;

    FossaRuntime(String suffix) {
        this.suffix = suffix;
    }

    /** The parameter value: {@code auto}, {@code torch}, {@code onnx} or {@code onnx-int8}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The ending of the ONNX file this runtime reads beside MODEL.pt, instead of {@code .pt}; null if none. */
    String onnxSuffix() {
        return suffix;
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
