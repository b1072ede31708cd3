#!/usr/bin/python3
"""Export a DefocusJ FOSSA TorchScript file to ONNX, for --runtime onnx (ONNX Runtime) and scripts/bench-fossa.

    /usr/bin/python3 scripts/export_fossa_onnx.py MODEL.pt [--out MODEL.onnx] [--check]
    /usr/bin/python3 scripts/export_fossa_onnx.py MODEL.pt --int8 [--out MODEL.int8.onnx]
    /usr/bin/python3 scripts/export_fossa_onnx.py MODEL.pt ... --quantized-out MODEL-int8.pt

The eager network is rebuilt from the file's metadata (config) and state dict, then traced by torch.onnx.export
(fossa/onnx_export.py; scripts/export_fossa.py writes the .onnx beside the .pt itself).
Slice count, height and width are dynamic axes: under a trace the model computes its resize size and its
position-table resize with tensor operations (fossa/model.py, torch.jit.is_tracing branches) instead of Python
arithmetic, which a trace would record as constants. With --check the script runs the traced graph (TorchScript
trace, the graph ONNX is made from) at the example size and at another slice count and size against the
TorchScript file.

--int8 writes the dynamic int8 quantisation of the fp32 export beside the .pt (MODEL.onnx, exported first when it
is not there) for --runtime onnx-int8: MODEL.int8.onnx, or --out (fossa/onnx_int8.py; needs the onnx package,
Debian's python3-onnx). It keeps the fp32 file's SHA-256 entry, so it is bound to the same .pt.

--quantized-out also writes libtorch's int8 dynamic quantisation of the Linear layers
(torch.quantization.quantize_dynamic), scripted, with the same metadata entry, so DJL can load it like any
export.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from fossa.config import FossaConfig  # noqa: E402
from fossa.export import METADATA_NAME, load_exported  # noqa: E402
from fossa.model import build_model  # noqa: E402
from fossa.onnx_export import onnx_path_for, write_onnx  # noqa: E402
from fossa.onnx_int8 import int8_path_for, write_int8  # noqa: E402


def eager_from_export(path):
    scripted, meta = load_exported(path)
    model = build_model(FossaConfig.from_dict(meta["config"]))
    # the scripted module lists the non-persistent preprocessing buffers too; the eager one makes its own
    state = {k: v for k, v in scripted.state_dict().items() if k not in ("rgb_mean", "rgb_std")}
    model.load_state_dict(state)
    return model.eval(), scripted, meta


def int8_main(a):
    fp32 = onnx_path_for(a.model)
    if not os.path.isfile(fp32):
        model, _, _ = eager_from_export(a.model)
        write_onnx(model, a.model, fp32, a.slices, a.height, a.width, a.opset)
        print("wrote %s (%.1f MB)" % (fp32, os.path.getsize(fp32) / 1e6))
    out = a.out or int8_path_for(a.model)
    count = write_int8(fp32, out)
    print("wrote %s (%.1f MB, %d matrix products int8)" % (out, os.path.getsize(out) / 1e6, count))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model", help="DefocusJ FOSSA TorchScript export (.pt)")
    ap.add_argument("--height", type=int, default=60, help="height of the example input (dynamic anyway)")
    ap.add_argument("--width", type=int, default=90, help="width of the example input (dynamic anyway)")
    ap.add_argument("--slices", type=int, default=5, help="slice count of the example input (dynamic anyway)")
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--out", help="ONNX file to write (default: MODEL.onnx beside MODEL.pt, where DefocusJ's "
                                   "--runtime onnx looks for it)")
    ap.add_argument("--int8", action="store_true",
                    help="write the int8 ONNX export (MODEL.int8.onnx, or --out) from the fp32 MODEL.onnx beside the .pt")
    ap.add_argument("--quantized-out", help="also write an int8 dynamic-quantised TorchScript here")
    ap.add_argument("--skip-onnx", action="store_true", help="write only --quantized-out (scripts/bench-fossa)")
    ap.add_argument("--check", action="store_true",
                    help="also compare the trace with the TorchScript file (four forward passes; bench/"
                         "OnnxRuntimeBenchmark compares the ONNX and int8 outputs with libtorch anyway)")
    a = ap.parse_args()
    if a.int8:
        return int8_main(a)
    a.out = a.out or onnx_path_for(a.model)
    model, scripted, meta = eager_from_export(a.model)
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(1, a.slices, 3, a.height, a.width, generator=gen)
    fd = torch.linspace(0.3, 3.0, a.slices).unsqueeze(0)
    worst = 0.0
    if not a.skip_onnx:
        write_onnx(model, a.model, a.out, a.slices, a.height, a.width, a.opset)
    with torch.no_grad():
        if a.quantized_out:
            q = torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
            meta = dict(meta, quantization="int8 dynamic (torch.quantization.quantize_dynamic, nn.Linear)")
            torch.jit.save(torch.jit.script(q), a.quantized_out,
                           _extra_files={METADATA_NAME: json.dumps(meta, indent=2)})
        if a.check:
            # the trace ONNX export records must agree with the scripted export, also at another slice count
            # and another (portrait) size
            traced = torch.jit.trace(model, (x, fd), check_trace=False)
            other = torch.rand(1, a.slices + 1, 3, a.width + 3, a.height + 5, generator=gen)
            for n, src in ((a.slices, x), (max(1, a.slices - 2), x), (a.slices + 1, other)):
                xn, fdn = src[:, :n].contiguous(), torch.linspace(0.3, 3.0, n).unsqueeze(0)
                r = scripted(xn, fdn)
                worst = max(worst, ((traced(xn, fdn) - r).abs().max() / r.abs().max().clamp_min(1e-12)).item())
            print("traced vs TorchScript: max relative difference %.3g" % worst)
    if not a.skip_onnx:
        print("wrote %s (%.1f MB)" % (a.out, os.path.getsize(a.out) / 1e6))
    return 0 if worst < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
