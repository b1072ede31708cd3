#!/usr/bin/python3
"""Trains DefocusJ's small FOSSA model (builtin:tiny) on CPU or CUDA, on focus stacks rendered on the fly.

Every step draws a fresh batch from scripts/fossa/synth_torch.py (a PyTorch port of `defocusj synth`: procedural
scenes, thin lens, FOSSA's gather renderer with the power-exponential PSF, FOSSA's f-number / focal-length /
focus-list randomisation, plus noise, JPEG-like compression and slight misalignment), with a slice count and crop
size drawn per batch. Batch k of a run seeded s always holds the same scenes (seed synth_torch.train_seed(s, k)),
so a resumed run sees exactly the data it would have seen; validation uses synth_torch's held-out seed range.
`--data DIR` trains on a folder written by `defocusj synth` instead (the way the shipped model was first made).

Training works in FOSSA's canonical depth (focus distances and targets x W / f_px of the images as fed). Loss:
mean absolute log error (a relative error, as abs_rel measures) plus half its variance.

    /usr/bin/python3 scripts/train_fossa.py --out target/fossa-tiny.pth --init builtin --minutes 10 --threads 1
    /usr/bin/python3 scripts/train_fossa.py --out target/fossa-tiny.pth --resume          # carries on
    /usr/bin/python3 scripts/train_fossa.py --out target/fossa-tiny.pth --device cuda --batch 48 --minutes 8

The checkpoint (written atomically every --checkpoint-minutes, and at the end) holds the weights, the optimiser
and AMP scaler state, and the run's log; it loads with torch.load(weights_only=True), so every non-tensor is a
JSON string. scripts/export_fossa.py turns it into the TorchScript model DefocusJ ships, copying the log into
the model's metadata (`training`).
"""
import argparse
import contextlib
import json
import math
import os
import platform
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fossa import build_model, config_for  # noqa: E402
from fossa import synth_torch  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILTIN = os.path.join(ROOT, "src", "main", "resources", "org", "defocusj", "fossa", "builtin", "tiny.pt")


# ------------------------------------------------------------------------------------------- folder data (old)


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


# ------------------------------------------------------------------------------------------- loss, metrics


def loss_fn(pred, gt):
    valid = gt > 0
    log_diff = torch.log(pred.float().clamp_min(1e-4)) - torch.log(gt.clamp_min(1e-4))
    log_diff = log_diff[valid]
    # |log| error ~ relative error; the variance term (as in SILog) keeps the shape right when scale is off.
    return log_diff.abs().mean() + 0.5 * log_diff.var(unbiased=False)


def scores(pred, gt):
    """Per-image abs_rel and d1 lists (the canonical factor cancels in both)."""
    rel, d1 = [], []
    for p, t in zip(pred.float(), gt):
        m = t > 0
        p, t = p[m].clamp_min(1e-6), t[m]
        rel.append(((p - t).abs() / t).mean().item())
        d1.append((torch.max(p / t, t / p) < 1.25).float().mean().item())
    return rel, d1


def evaluate(model, batches):
    """Mean of per-image abs_rel and d1 over canonical (x, fd, gt) batches."""
    model.eval()
    rel, d1 = [], []
    with torch.no_grad():
        for x, fd, gt in batches:
            r, d = scores(model(x, fd), gt)
            rel += r
            d1 += d
    model.train()
    return float(np.mean(rel)), float(np.mean(d1))


# ------------------------------------------------------------------------------------------- checkpoints


def save_checkpoint(path, model, opt, scaler, cfg, state, summary):
    """Atomic write (temporary file, then rename) of everything a resume needs."""
    tensors = {}
    for index, st in opt.state_dict()["state"].items():
        for key, value in st.items():
            tensors["%d.%s" % (index, key)] = value if torch.is_tensor(value) else torch.tensor(value)
    ckpt = {"model": {k: v.detach().cpu() for k, v in model.state_dict().items()},
            "optimizer_state": {k: v.cpu() for k, v in tensors.items()},
            "optimizer_json": json.dumps(opt.state_dict()["param_groups"]),
            "scaler_json": json.dumps(scaler.state_dict() if scaler is not None else {}),
            "config_json": json.dumps(cfg.to_dict()),
            "state_json": json.dumps(state),
            "training_json": json.dumps(summary)}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    torch.save(ckpt, tmp)
    os.replace(tmp, path)


def restore_optimizer(opt, ckpt, device):
    groups = json.loads(ckpt["optimizer_json"])
    state = {}
    for name, value in ckpt["optimizer_state"].items():
        index, key = name.split(".", 1)
        state.setdefault(int(index), {})[key] = value.to(device) if key != "step" else value
    opt.load_state_dict({"state": state, "param_groups": groups})


def initial_weights(source, cfg):
    """(state dict, earlier training log or None) from a checkpoint .pth, an exported .pt, or `builtin`."""
    path = BUILTIN if source == "builtin" else source
    if path.endswith(".pt"):  # a TorchScript export: its parameters and its metadata's log
        extra = {"defocusj.json": ""}
        module = torch.jit.load(path, map_location="cpu", _extra_files=extra)
        meta = json.loads(extra["defocusj.json"]) if extra["defocusj.json"] else {}
        if meta.get("encoder") != cfg.name:
            raise SystemExit("train_fossa: %s is a %s model, not %s" % (path, meta.get("encoder"), cfg.name))
        keys = set(build_model(cfg).state_dict())
        state = {k: v for k, v in module.state_dict().items() if k in keys}
        return state, {"from": os.path.relpath(path, ROOT) if source == "builtin" else path,
                       "weights": meta.get("weights"), "training": meta.get("training")}
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    return ckpt["model"], json.loads(ckpt["training_json"]) if "training_json" in ckpt else None


# ------------------------------------------------------------------------------------------- main


def parse_range(text, name):
    parts = [int(v) for v in str(text).split(",")]
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or parts[0] > parts[1] or parts[0] < 1:
        raise SystemExit("train_fossa: --%s expects N or MIN,MAX, got %s" % (name, text))
    return tuple(parts)


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="checkpoint to write (and, with --resume, to continue)")
    ap.add_argument("--resume", action="store_true", help="continue the run saved in --out")
    ap.add_argument("--init", help="start from these weights: a checkpoint .pth, an export .pt, or 'builtin' "
                                   "(the shipped builtin:tiny)")
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    ap.add_argument("--amp", default="auto", choices=("auto", "off", "fp16", "bf16"),
                    help="mixed precision on CUDA (auto: bf16 where supported, else fp16); never on CPU")
    ap.add_argument("--encoder", default="tiny", help="configuration name in scripts/fossa/config.py")
    ap.add_argument("--minutes", type=float, default=40, help="wall-clock training budget (over all resumes)")
    ap.add_argument("--steps", type=int, help="stop after this many steps (then the schedule runs over steps)")
    ap.add_argument("--pause-at", type=int, help="save and stop at this step, leaving the schedule as it is "
                                                "(train in parts; --resume carries on)")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=6e-4)
    ap.add_argument("--warmup", type=int, default=50, help="steps of linear learning-rate warm-up (Adam's moments "
                                                         "start from zero, also when continuing from --init)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: PyTorch's choice)")
    ap.add_argument("--checkpoint-minutes", type=float, default=5)
    ap.add_argument("--log-every", type=int, default=20, help="steps per log line and log entry")
    ap.add_argument("--slices", default="3,10", help="slice count per batch: N or MIN,MAX")
    ap.add_argument("--size", default="96,256", help="crop edge per batch: N or MIN,MAX pixels")
    ap.add_argument("--full-frame", default="512,1024", help="long edge of the full-frame image a crop is from")
    ap.add_argument("--scene", default="mix", choices=synth_torch.SCENE_KINDS + ("mix",))
    ap.add_argument("--val-count", type=int, default=16, help="held-out stacks per validation set (0: none)")
    ap.add_argument("--val-size", type=int, default=128)
    ap.add_argument("--data", help="train on this synth folder instead of on-the-fly stacks (old way)")
    ap.add_argument("--val", help="with --data: a synth folder for validation")
    ap.add_argument("--crop", type=int, default=126, help="with --data: training crop edge in pixels")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("train_fossa: --device cuda but torch.cuda.is_available() is False")
    device = torch.device(args.device)
    torch.manual_seed(args.seed)  # the initial weights
    cfg = config_for(args.encoder)
    model = build_model(cfg).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)

    amp_dtype = None
    if device.type == "cuda" and args.amp != "off":
        bf16 = args.amp == "bf16" or (args.amp == "auto" and torch.cuda.is_bf16_supported())
        amp_dtype = torch.bfloat16 if bf16 else torch.float16
    scaler = None
    if amp_dtype == torch.float16:  # bf16 has float32's range: no loss scaling needed
        scaler = (torch.amp.GradScaler("cuda") if hasattr(torch, "amp") and hasattr(torch.amp, "GradScaler")
                  else torch.cuda.amp.GradScaler())

    synth_cfg = synth_torch.SynthConfig(slices=parse_range(args.slices, "slices"),
                                        size=parse_range(args.size, "size"),
                                        full_frame_px=parse_range(args.full_frame, "full-frame"), scene=args.scene)
    state = {"step": 0, "elapsed_s": 0.0, "samples": 0}
    history = []
    previous = None
    if args.resume:
        if not os.path.isfile(args.out):
            raise SystemExit("train_fossa: --resume but %s does not exist" % args.out)
        ckpt = torch.load(args.out, map_location="cpu", weights_only=True)
        model.load_state_dict(ckpt["model"], strict=True)
        restore_optimizer(opt, ckpt, device)
        if scaler is not None and ckpt.get("scaler_json", "{}") != "{}":
            scaler.load_state_dict(json.loads(ckpt["scaler_json"]))
        state = json.loads(ckpt["state_json"])
        summary = json.loads(ckpt["training_json"])
        history, previous = summary["log"], summary.get("previous")
        print("resuming %s at step %d (%.1f min trained)" % (args.out, state["step"], state["elapsed_s"] / 60),
              flush=True)
    elif args.init:
        weights, previous = initial_weights(args.init, cfg)
        model.load_state_dict(weights, strict=True)
    warmup = args.warmup

    if args.data:
        train = load_set(args.data)
        val_sets = {"val": load_set(args.val)} if args.val else {}
        folder_rng = random.Random(args.seed * 1_000_003 + state["step"])
        val_batches = {k: [batch_from(v[i:i + 8], args.crop, random.Random(0), False) for i in range(0, len(v), 8)]
                       for k, v in val_sets.items()}
    else:
        # held-out stacks like the README's comparisons: 5 slices (FOSSA's setting) and 8 (the bundled sample's)
        val_batches = {}
        for n in (5, 8) if args.val_count > 0 else ():
            held = synth_torch.heldout_set(n, args.val_count, args.val_size, synth_cfg)
            val_batches["heldout_%d" % n] = [tuple(t.to(device) for t in b.canonical()) for b in held]
    params = sum(p.numel() for p in model.parameters())
    print("model %s: %d parameters on %s%s, %s" % (cfg.name, params, device,
                                                   " (%s autocast)" % str(amp_dtype).split(".")[-1]
                                                   if amp_dtype else "",
                                                   "folder %s" % args.data if args.data else "on-the-fly stacks"),
          flush=True)

    def run_config():
        return {"encoder": cfg.name, "config": cfg.to_dict(), "batch": args.batch, "lr": args.lr,
                "warmup": args.warmup, "seed": args.seed,
                "minutes_budget": args.minutes, "steps_budget": args.steps,
                "data": args.data or {"on_the_fly": synth_cfg.to_dict()},
                "device": device.type, "device_name": torch.cuda.get_device_name(device)
                if device.type == "cuda" else platform.processor() or platform.machine(),
                "amp": str(amp_dtype).split(".")[-1] if amp_dtype else None, "torch": torch.__version__,
                "threads": torch.get_num_threads(), "init": args.init, "previous": previous}

    def summary_now():
        s = run_config()
        s.update({"steps": state["step"], "samples": state["samples"], "minutes": state["elapsed_s"] / 60,
                  "log": history})
        return s

    def checkpoint():
        save_checkpoint(args.out, model, opt, scaler, cfg, state, summary_now())

    def validate(entry):
        for name, batches in val_batches.items():
            rel, d1 = evaluate(model, batches)
            entry[name + "_abs_rel"], entry[name + "_d1"] = round(rel, 5), round(d1, 5)
            print("  %s abs_rel %.4f  d1 %.3f" % (name, rel, d1), flush=True)
        return entry

    if state["step"] == 0 and val_batches:  # where the run starts from (the --init model, or random weights)
        history.append(validate({"step": 0, "minutes": 0.0}))
    budget = args.minutes * 60
    start = time.time() - state["elapsed_s"]
    last_save = time.time()
    window = []
    model.train()
    while True:
        state["elapsed_s"] = time.time() - start
        if args.steps is not None and state["step"] >= args.steps:
            break
        if args.pause_at is not None and state["step"] >= args.pause_at:
            break
        if args.steps is None and state["elapsed_s"] > budget:
            break
        t = state["step"] / args.steps if args.steps else state["elapsed_s"] / budget
        lr = args.lr * min(1.0, (state["step"] + 1) / warmup if warmup else 1.0) * 0.5 * (1 + math.cos(math.pi * t))
        for g in opt.param_groups:
            g["lr"] = lr
        with torch.no_grad():
            if args.data:
                x, fd, gt = batch_from(folder_rng.sample(train, args.batch), args.crop, folder_rng, True)
                x, fd, gt = x.to(device), fd.to(device), gt.to(device)
            else:
                b = synth_torch.draw_batch(args.batch, synth_torch.train_seed(args.seed, state["step"]), synth_cfg,
                                           device)
                x, fd, gt = b.canonical()
        amp = (torch.autocast(device_type="cuda", dtype=amp_dtype) if amp_dtype is not None
               else contextlib.nullcontext())
        with amp:
            pred = model(x, fd)
        loss = loss_fn(pred, gt)
        opt.zero_grad(set_to_none=True)
        if scaler is not None:
            scaler.scale(loss).backward()
            scaler.unscale_(opt)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            scaler.step(opt)
            scaler.update()
        else:
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
        state["step"] += 1
        state["samples"] += x.shape[0]
        window.append(loss.item())
        if state["step"] % args.log_every == 0:
            elapsed = time.time() - start
            # CPU minutes of this process too: on a shared machine wall-clock speed says little
            history.append({"step": state["step"], "minutes": round(elapsed / 60, 3),
                            "cpu_minutes": round(time.process_time() / 60, 3),
                            "loss": round(float(np.mean(window)), 5), "lr": lr})
            print("step %d  %.1f min  loss %.4f  lr %.2e  (%d slices, %dx%d)"
                  % (state["step"], elapsed / 60, np.mean(window), lr, x.shape[1], x.shape[3], x.shape[4]),
                  flush=True)
            window = []
        if time.time() - last_save > args.checkpoint_minutes * 60:
            state["elapsed_s"] = time.time() - start
            if val_batches:
                history.append(validate({"step": state["step"], "minutes": round(state["elapsed_s"] / 60, 3)}))
            checkpoint()
            last_save = time.time()
    state["elapsed_s"] = time.time() - start
    paused = args.pause_at is not None and state["step"] >= args.pause_at and not (
        args.steps is not None and state["step"] >= args.steps)
    print("paused:" if paused else "end:", flush=True)
    history.append(validate({"step": state["step"], "minutes": round(state["elapsed_s"] / 60, 3),
                             "end": "paused" if paused else "finished"}))
    checkpoint()
    minutes = state["elapsed_s"] / 60
    print("wrote %s after %d steps (%.1f min, %.2f steps/s)" % (args.out, state["step"], minutes,
                                                                 state["step"] / max(1e-9, state["elapsed_s"])),
          flush=True)


if __name__ == "__main__":
    main()
