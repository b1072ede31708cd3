#!/usr/bin/python3
"""Writes a fixed held-out evaluation set of scripts/fossa/synth_torch.py as a `defocusj synth` folder.

The stacks are synth_torch.heldout_set(slices, count, size): the training distribution (scene kinds, FOSSA's
optics randomisation, degradation) drawn from seeds at and above synth_torch.HELDOUT_SEED_BASE, which training
never uses, with every random number drawn on the CPU, so the set is the same on every machine. The folder has
the layout `scripts/eval-fossa-synth` (and `defocusj depth`) read: per scene stack.tif (8-bit RGB), stack.focus.txt,
depth.npy and meta.json with focal_length_px.

    /usr/bin/python3 scripts/make_heldout_set.py target/heldout-5 --slices 5 [--count 64] [--size 128]
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fossa import synth_torch  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--slices", type=int, default=5)
    ap.add_argument("--count", type=int, default=64)
    ap.add_argument("--size", type=int, default=128)
    args = ap.parse_args(argv)
    if os.path.exists(os.path.join(args.out, "manifest.json")):
        print("%s exists; keeping it" % args.out)
        return 0
    tmp = args.out + ".partial"
    os.makedirs(tmp, exist_ok=True)
    names = []
    for batch_index, batch in enumerate(synth_torch.heldout_set(args.slices, args.count, args.size)):
        for j in range(batch.x.shape[0]):
            name = "scene_%04d" % len(names)
            names.append(name)
            d = os.path.join(tmp, name)
            os.makedirs(d, exist_ok=True)
            stack = (batch.x[j].permute(0, 2, 3, 1).numpy() * 255).round().clip(0, 255).astype(np.uint8)
            pages = [Image.fromarray(s) for s in stack]
            pages[0].save(os.path.join(d, "stack.tif"), save_all=True, append_images=pages[1:])
            fd = [float(v) for v in batch.fd_m[j].double()]
            with open(os.path.join(d, "stack.focus.txt"), "w") as f:
                f.write("# focus distance of each slice, in order\nunit=m\n" + "".join("%r\n" % v for v in fd))
            np.save(os.path.join(d, "depth.npy"), batch.depth_m[j].numpy().astype(np.float32))
            with open(os.path.join(d, "meta.json"), "w") as f:
                json.dump({"scene": name, "scene_kind": batch.kinds[j], "width": stack.shape[2],
                           "height": stack.shape[1], "focus_distances_m": fd,
                           "focal_length_px": float(batch.f_px[j]), "generator": "synth_torch.heldout_set",
                           "slices": args.slices, "size": args.size, "batch": batch_index}, f, indent=1)
    manifest = {"format": "defocusj-synth", "version": 1, "generator": "scripts/make_heldout_set.py",
                "settings": synth_torch.SynthConfig().to_dict(), "seed_base": synth_torch.HELDOUT_SEED_BASE,
                "width": args.size, "height": args.size, "slices": args.slices, "depth_unit": "m", "scenes": names}
    with open(os.path.join(tmp, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    os.replace(tmp, args.out)
    print("wrote %d held-out scenes (%d slices, %d px) to %s" % (len(names), args.slices, args.size, args.out))
    return 0


if __name__ == "__main__":
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    sys.exit(main())
