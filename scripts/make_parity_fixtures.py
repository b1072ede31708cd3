#!/usr/bin/env python3
"""Fixtures for the Java FOSSA parity tests: a TorchScript export, input stacks and the outputs Python computes.

Regenerate the committed fixture (micro network, seeded random weights, ~1.7 MB) with

    /usr/bin/python3 scripts/make_parity_fixtures.py                # -> src/test/resources/fossa/micro/

and make the large ones (not committed: the vits export is ~170 MB) when PyTorch is present, e.g. from a Java test:

    /usr/bin/python3 scripts/make_parity_fixtures.py --model vits   # -> target/fossa-parity/vits/
    /usr/bin/python3 scripts/make_parity_fixtures.py --model tiny   # -> target/fossa-parity/tiny/

Needs PyTorch >= 1.13 and numpy. Each output folder holds

    fossa-<model>.pt                      TorchScript export (metadata entry defocusj.json inside)
    fossa-<model>.onnx                    its ONNX export, for --runtime onnx (fossa/onnx_export.py; micro, or --onnx)
    <case>_x.npy                          float32 (N, 3, H, W), RGB in [0, 1]   (the model takes (1, N, 3, H, W))
    <case>_fd.npy                         float32 (N,), canonical focus distances
    <case>_expected_torchscript.npy       float32 (H, W), output of the exported file
    <case>_expected_eager.npy             float32 (H, W), output of the eager PyTorch network
    fixture.json                          what was made and how, cases, tolerance

Inputs come from numpy's seeded generator, weights from scripts/fossa randomize_weights(seed), so a rerun gives
the same inputs and weights; outputs may move in the last bits with another PyTorch build.
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ROOT = os.path.dirname(HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402

from fossa.export import load_exported, make_model, save_export  # noqa: E402
from fossa.onnx_export import onnx_path_for, write_onnx  # noqa: E402

SEED = 20260331
TOLERANCE = 1e-5
# (case name, N, H, W): one landscape and one portrait stack, so both resize branches are covered
CASES = {
    "micro": [("landscape", 3, 42, 56), ("portrait", 2, 57, 40)],
    "tiny": [("landscape", 3, 70, 98), ("portrait", 5, 113, 61)],
    "vits": [("small", 2, 56, 70)],
}
DEFAULT_OUT = {
    "micro": os.path.join(ROOT, "src", "test", "resources", "fossa", "micro"),
    "tiny": os.path.join(ROOT, "target", "fossa-parity", "tiny"),
    "vits": os.path.join(ROOT, "target", "fossa-parity", "vits"),
}


def case_inputs(index: int, n: int, h: int, w: int):
    rng = np.random.default_rng(SEED + index)
    # smooth-ish random images (a coarse grid upsampled) plus fine noise, clipped to [0, 1]
    coarse = rng.random((n, 3, (h + 6) // 7, (w + 6) // 7), dtype=np.float32)
    x = np.repeat(np.repeat(coarse, 7, axis=2), 7, axis=3)[:, :, :h, :w]
    x = np.clip(0.8 * x + 0.2 * rng.random((n, 3, h, w), dtype=np.float32), 0.0, 1.0).astype(np.float32)
    fd = np.sort(rng.uniform(0.05, 1.5, size=n)).astype(np.float32)
    return np.ascontiguousarray(x), fd


def make(model_name: str, out_dir: str, seed: int, onnx: bool = False) -> dict:
    os.makedirs(out_dir, exist_ok=True)
    model, cfg, weights = make_model(model_name, None, seed)
    if model_name != "micro":
        # The generated (uncommitted) fixtures go the way a user's download does: random weights saved in the
        # released checkpoint format ({"model": state_dict} with DDP's "module." prefixes), then loaded back
        # through the checkpoint path (weights_only, key checks, prefix stripping) before export.
        ckpt = os.path.join(out_dir, "official-format-%s.pth" % model_name)
        torch.save({"model": {"module." + k: v for k, v in model.state_dict().items()}}, ckpt)
        model, cfg, weights = make_model(model_name, ckpt, None)
    pt_name = "fossa-%s.pt" % model_name
    pt_path = os.path.join(out_dir, pt_name)
    save_export(model, cfg, pt_path, 16, weights)
    if onnx:
        write_onnx(model, pt_path, onnx_path_for(pt_path))
    scripted, meta = load_exported(pt_path)
    cases = []
    for index, (case, n, h, w) in enumerate(CASES[model_name]):
        x, fd = case_inputs(index, n, h, w)
        xt, fdt = torch.from_numpy(x)[None], torch.from_numpy(fd)[None]
        t0 = time.time()
        with torch.no_grad():
            eager = model(xt, fdt)[0].numpy().astype(np.float32)
            t1 = time.time()
            script = scripted(xt, fdt)[0].numpy().astype(np.float32)
        t2 = time.time()
        diff = float(np.abs(eager - script).max())
        if diff > TOLERANCE:
            raise SystemExit("TorchScript and eager differ by %g on %s" % (diff, case))
        for suffix, arr in (("x", x), ("fd", fd), ("expected_torchscript", script), ("expected_eager", eager)):
            np.save(os.path.join(out_dir, "%s_%s.npy" % (case, suffix)), arr)
        cases.append({"name": case, "slices": n, "height": h, "width": w, "max_abs_diff_eager_vs_torchscript": diff,
                      "output_min": float(script.min()), "output_max": float(script.max())})
        print("%s/%s: %dx%dx%d, |eager - torchscript| <= %.3g, %.1f s + %.1f s"
              % (model_name, case, n, h, w, diff, t1 - t0, t2 - t1))
    info = {
        "what": "FOSSA parity fixture for DefocusJ: random weights, so the depth values mean nothing"
                + ("" if model_name == "micro" else "; exported from an official-format checkpoint"),
        "regenerate": "/usr/bin/python3 scripts/make_parity_fixtures.py --model %s" % model_name,
        "model_file": pt_name,
        "encoder": model_name,
        "seed": seed,
        "input_seed": SEED,
        "tolerance": TOLERANCE,
        "layout": {"x": "(N, 3, H, W) float32 RGB in [0,1]; feed as (1, N, 3, H, W)",
                   "fd": "(N,) float32; feed as (1, N)",
                   "expected": "(H, W) float32, the model's (1, H, W) output"},
        "parameter_count": meta["parameter_count"],
        "config": cfg.to_dict(),
        "torch_version": torch.__version__,
        "cases": cases,
    }
    with open(os.path.join(out_dir, "fixture.json"), "w") as f:
        json.dump(info, f, indent=2, sort_keys=True)
        f.write("\n")
    return info


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", choices=sorted(CASES), default="micro")
    p.add_argument("--out", help="output folder (default: %s for micro, target/fossa-parity/<model> otherwise)"
                   % os.path.relpath(DEFAULT_OUT["micro"], ROOT))
    p.add_argument("--seed", type=int, default=7, help="weight seed (default %(default)s)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--onnx", action="store_true",
                   help="also write fossa-<model>.onnx (always for micro, whose export is committed; for vits it "
                        "takes minutes and no test reads it)")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    make(args.model, args.out or DEFAULT_OUT[args.model], args.seed, args.onnx or args.model == "micro")
    return 0


if __name__ == "__main__":
    sys.exit(main())
