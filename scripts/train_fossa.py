#!/usr/bin/python3
"""Trains DefocusJ's small FOSSA model on stacks from `defocusj synth`, on CPU.

The network is our FOSSA implementation (scripts/fossa) at a reduced size. The data carry FOSSA's domain
randomisation (power-exponential PSF with p log-uniform in [2, 32], f-numbers from {1.0 ... 4.0}, mixed
depth-dependent / power-inverse focus sampling); training works in FOSSA's canonical depth: focus distances and
targets are multiplied by W / f_px of the image as fed (so random crops change W, not f_px).

Loss: mean absolute log error (a relative error, as abs_rel measures) plus a small scale-invariant term.

    /usr/bin/python3 scripts/train_fossa.py --data data/train --val data/val --encoder tiny \
        --minutes 40 --out target/fossa-tiny.pth

Writes a checkpoint {"model": state_dict, "config_json": ..., "training_json": ...} that scripts/export_fossa.py turns
into the TorchScript model DefocusJ ships as builtin:tiny.
"""
import argparse
import dataclasses
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fossa import build_model, config_for  # noqa: E402


def load_set(root, limit=None):
    """All scenes of a synth folder in memory: stacks uint8 (N, H, W, 3), depth float32, canonical factor."""
    manifest_path = os.path.join(root, "manifest.json")
    if os.path.isfile(manifest_path):
        scenes = json.load(open(manifest_path))["scenes"]
    else:  # a set still being written: its finished scenes (a scene is finished once meta.json exists)
        scenes = sorted(n for n in os.listdir(root) if os.path.isfile(os.path.join(root, n, "meta.json")))
    scenes = scenes[:limit] if limit else scenes
    items = []
    for name in scenes:
        d = os.path.join(root, name)
        meta = json.load(open(os.path.join(d, "meta.json")))
        stack = np.load(os.path.join(d, "stack.npy"))
        depth = np.load(os.path.join(d, "depth.npy")).astype(np.float32)
        fd = np.asarray(meta["focus_distances_m"], dtype=np.float32)
        items.append((stack, depth, fd, float(meta["focal_length_px"])))
    return items


def batch_from(items, crop, rng, augment):
    """Random crops (and flips) as network input: x (B, N, 3, h, w) in [0, 1], canonical fd and depth."""
    xs, fds, gts = [], [], []
    for stack, depth, fd, f_px in items:
        n, h, w, _ = stack.shape
        ch, cw = min(crop, h), min(crop, w)
        y0 = rng.randrange(0, h - ch + 1) if augment else (h - ch) // 2
        x0 = rng.randrange(0, w - cw + 1) if augment else (w - cw) // 2
        s = stack[:, y0:y0 + ch, x0:x0 + cw]
        g = depth[y0:y0 + ch, x0:x0 + cw]
        if augment and rng.random() < 0.5:
            s = s[:, :, ::-1]
            g = g[:, ::-1]
        factor = cw / f_px  # canonical depth: metres * W / f_px
        xs.append(torch.from_numpy(np.ascontiguousarray(s)).permute(0, 3, 1, 2).float() / 255.0)
        fds.append(torch.from_numpy(fd * factor))
        gts.append(torch.from_numpy(np.ascontiguousarray(g) * factor))
    return torch.stack(xs), torch.stack(fds), torch.stack(gts)


def loss_fn(pred, gt):
    valid = gt > 0
    log_diff = torch.log(pred.clamp_min(1e-4)) - torch.log(gt.clamp_min(1e-4))
    log_diff = log_diff[valid]
    # |log| error ~ relative error; the variance term (as in SILog) keeps the shape right when scale is off.
    return log_diff.abs().mean() + 0.5 * log_diff.var(unbiased=False)


def evaluate(model, items, crop):
    """abs_rel and d1 in metres (the canonical factor cancels), centre crops, the mean of per-image figures."""
    model.eval()
    rel, d1 = [], []
    with torch.no_grad():
        for i in range(0, len(items), 8):
            x, fd, gt = batch_from(items[i:i + 8], crop, random.Random(0), False)
            pred = model(x, fd)
            for p, t in zip(pred, gt):
                m = t > 0
                p, t = p[m].clamp_min(1e-6), t[m]
                rel.append(((p - t).abs() / t).mean().item())
                d1.append((torch.max(p / t, t / p) < 1.25).float().mean().item())
    model.train()
    return float(np.mean(rel)), float(np.mean(d1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="synth folder for training")
    ap.add_argument("--val", help="synth folder for validation (never trained on)")
    ap.add_argument("--encoder", default="tiny", help="configuration name in scripts/fossa/config.py")
    ap.add_argument("--minutes", type=float, default=40, help="wall-clock training budget")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--crop", type=int, default=112, help="training crop edge in pixels")
    ap.add_argument("--lr", type=float, default=6e-4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    ap.add_argument("--init", help="continue from this checkpoint's weights (same encoder)")
    ap.add_argument("--out", required=True, help="checkpoint to write")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    cfg = config_for(args.encoder)
    model = build_model(cfg)
    previous = None
    if args.init:
        ckpt = torch.load(args.init, map_location="cpu", weights_only=True)
        model.load_state_dict(ckpt["model"], strict=True)
        previous = json.loads(ckpt["training_json"]) if "training_json" in ckpt else None
    params = sum(p.numel() for p in model.parameters())
    train = load_set(args.data)
    val = load_set(args.val) if args.val else []
    print("model %s: %d parameters; %d training scenes, %d validation scenes" % (cfg.name, params, len(train),
                                                                                 len(val)), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    budget = args.minutes * 60
    start = time.time()
    step = 0
    seen = 0
    history = []
    model.train()
    while True:
        elapsed = time.time() - start
        if elapsed > budget:
            break
        # Cosine decay over the time budget, after a short warm-up.
        t = elapsed / budget
        lr = args.lr * min(1.0, (step + 1) / 50) * 0.5 * (1 + math.cos(math.pi * t))
        for g in opt.param_groups:
            g["lr"] = lr
        x, fd, gt = batch_from(rng.sample(train, args.batch), args.crop, rng, True)
        loss = loss_fn(model(x, fd), gt)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        seen += args.batch
        if step % 50 == 0:
            print("step %d  %.1f min  loss %.4f  lr %.2e" % (step, elapsed / 60, loss.item(), lr), flush=True)
        if val and step % 500 == 0:
            rel, d1 = evaluate(model, val, args.crop)
            history.append({"step": step, "minutes": round(elapsed / 60, 2), "abs_rel": rel, "d1": d1})
            print("  validation abs_rel %.4f  d1 %.3f" % (rel, d1), flush=True)
    minutes = (time.time() - start) / 60
    summary = {"encoder": cfg.name, "config": cfg.to_dict(), "steps": step, "samples": seen, "minutes": minutes,
               "batch": args.batch, "crop": args.crop, "lr": args.lr, "seed": args.seed, "data": args.data,
               "torch": torch.__version__, "threads": torch.get_num_threads(), "history": history,
               "init": args.init, "previous": previous}
    if val:
        summary["val_abs_rel"], summary["val_d1"] = evaluate(model, val, args.crop)
        print("final validation abs_rel %.4f  d1 %.3f" % (summary["val_abs_rel"], summary["val_d1"]), flush=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    # Metadata as JSON strings: PyTorch 1.13's weights_only loader (used by export_fossa.py) accepts tensors
    # and strings but not Python floats.
    torch.save({"model": model.state_dict(), "config_json": json.dumps(cfg.to_dict()),
                "training_json": json.dumps(summary)}, tmp)
    os.replace(tmp, args.out)
    print("wrote %s after %d steps (%.1f min)" % (args.out, step, minutes), flush=True)


if __name__ == "__main__":
    main()
