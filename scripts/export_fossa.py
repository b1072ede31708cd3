#!/usr/bin/env python3
"""Export a FOSSA checkpoint to a self-contained TorchScript file for DefocusJ (a one-off step).

    python3 scripts/export_fossa.py --checkpoint fossa-vits.pth --encoder vits --out fossa-vits.pt
    python3 scripts/export_fossa.py --random-init --seed 1 --encoder tiny --out target/fossa-tiny.pt

Needs PyTorch >= 1.13 (no other package). The checkpoint is read with torch.load(weights_only=True): tensors
only, no code from the file is run. The output holds the network, its preprocessing and the metadata entry
defocusj.json; see scripts/fossa/README-section.md. Beside it goes OUT.onnx (same name), the ONNX export that
DefocusJ's --runtime onnx runs (--no-onnx: not written).
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from fossa.config import ENCODERS  # noqa: E402
from fossa.export import DEFAULT_MAX_STACK, CheckpointError, load_exported, make_model, save_export  # noqa: E402
from fossa.onnx_export import onnx_path_for, write_onnx  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(description="Export a FOSSA checkpoint to TorchScript for DefocusJ.")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", help="released checkpoint (.pth): {'model': state_dict} or a state dict")
    src.add_argument("--random-init", action="store_true",
                     help="export random weights instead (tests and benchmarks only)")
    p.add_argument("--encoder", required=True, choices=ENCODERS, help="network size of the checkpoint")
    p.add_argument("--out", required=True, help="TorchScript file to write")
    p.add_argument("--max-stack", type=int, default=DEFAULT_MAX_STACK,
                   help="largest stack the caller should pass, recorded in the metadata (default %(default)s)")
    p.add_argument("--seed", type=int, default=0, help="seed of --random-init (default %(default)s)")
    p.add_argument("--verify", action="store_true",
                   help="reload the file and compare it with the eager network on a small random stack "
                        "(for vits/vitb this runs two full-size forward passes)")
    p.add_argument("--threads", type=int, default=0, help="torch threads (default: PyTorch's choice)")
    p.add_argument("--no-onnx", action="store_true",
                   help="do not also write the ONNX export beside the output (OUT.onnx, for --runtime onnx)")
    args = p.parse_args(argv)
    if args.max_stack < 1:
        p.error("--max-stack must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    start = time.time()
    try:
        model, cfg, weights = make_model(args.encoder, None if args.random_init else args.checkpoint, args.seed)
    except CheckpointError as e:
        print("export_fossa: %s" % e, file=sys.stderr)
        return 2
    _, meta = save_export(model, cfg, args.out, args.max_stack, weights)
    print("wrote %s (%s, %d parameters, %.1f MB) in %.1f s"
          % (args.out, cfg.name, meta["parameter_count"], os.path.getsize(args.out) / 1e6, time.time() - start))
    if not args.no_onnx:
        onnx = onnx_path_for(args.out)
        write_onnx(model, args.out, onnx)
        print("wrote %s (%.1f MB, for --runtime onnx)" % (onnx, os.path.getsize(onnx) / 1e6))
    if args.verify:
        loaded, meta_back = load_exported(args.out)
        if meta_back != json.loads(json.dumps(meta)):
            print("export_fossa: metadata read back differs", file=sys.stderr)
            return 1
        gen = torch.Generator().manual_seed(0)
        x = torch.rand(1, 2, 3, 42, 56, generator=gen)
        fd = torch.tensor([[0.3, 0.6]])
        with torch.no_grad():
            diff = (loaded(x, fd) - model(x, fd)).abs().max().item()
        print("verify: max |TorchScript - eager| = %.3g on a 2x42x56 stack" % diff)
        if diff > 1e-5:
            print("export_fossa: exported model disagrees with the eager network", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
