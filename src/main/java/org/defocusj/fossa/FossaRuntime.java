package org.defocusj.fossa;

import org.defocusj.param.Keyed;
import org.defocusj.param.Keys;

/**
 * Which engine runs a FOSSA network: libtorch (DJL) on the TorchScript file, or ONNX Runtime on an ONNX export
 * beside it ({@code MODEL.onnx} next to {@code MODEL.pt}, fp32, or {@code MODEL.int8.onnx}, its dynamic int8
 * quantisation; both written by scripts/export_fossa_onnx.py). {@link #AUTO} takes the fastest that is there
 * (FossaModel.resolve): the int8 export (held-out scores within 2 % of fp32's), else the fp32 one (within 1e-4 of
 * libtorch), else libtorch (README, FOSSA).
 */
public enum FossaRuntime implements Keyed {
    AUTO(null), TORCH(null), ONNX(".onnx"), ONNX_INT8(".int8.onnx");

    private final String suffix;

    FossaRuntime(String suffix) {
        this.suffix = suffix;
    }

    /** The ending of the ONNX file this runtime reads beside MODEL.pt, instead of {@code .pt}; null if none. */
    String onnxSuffix() {
        return suffix;
    }

    /** The runtime named by {@code key} (as {@link #key()} writes it, any case), or null. */
    public static FossaRuntime of(String key) {
        return Keys.find(FossaRuntime.class, key);
    }
}
