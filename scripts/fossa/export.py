"""Checkpoint loading and TorchScript export of FOSSA for DefocusJ.

The exported file is a TorchScript module (``torch.jit.script``, so any image size and stack size work) with the
extra file ``defocusj.json`` describing it (see ``export_metadata``). Java reads that entry straight from the
zip archive (``<archive>/extra/defocusj.json``); Python with ``read_metadata``.
"""

import hashlib
import inspect
import json
import os
import tempfile
from typing import Any, Dict, List, Optional, Tuple

import torch

from .config import ENCODERS, FossaConfig, config_for
from .model import IMAGENET_MEAN, IMAGENET_STD, FossaNet, build_model, randomize_weights

FORMAT_NAME = "defocusj-fossa"
FORMAT_VERSION = 1
METADATA_NAME = "defocusj.json"
CANONICAL_CONVENTION = "fd_canonical = fd_m * W / f_px; depth_m = out * f_px / W"
INPUT_LAYOUT = "x: (B,N,3,H,W) float32, fd: (B,N) float32"
DEFAULT_MAX_STACK = 16


class CheckpointError(Exception):
    """A checkpoint that cannot be loaded into the requested network; the message says why."""


def _supports_weights_only() -> bool:
    try:
        return "weights_only" in inspect.signature(torch.load).parameters
    except (TypeError, ValueError):
        return False


def read_checkpoint(path: str) -> Any:
    """torch.load restricted to tensors and plain containers (never runs code from the file)."""
    if not os.path.isfile(path):
        raise CheckpointError("checkpoint not found: %s" % path)
    if not _supports_weights_only():
        raise CheckpointError("this PyTorch (%s) cannot load a checkpoint safely (torch.load has no weights_only); "
                              "use PyTorch 1.13 or newer" % torch.__version__)
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as e:  # garbage input fails in many ways (UnpicklingError, IndexError, RuntimeError...)
        text = " ".join(str(e).split()) or type(e).__name__
        if "WeightsUnpickler error:" in text:  # PyTorch's long advice to turn the safety off is not for us
            text = "refused by weights-only loading: " + text.split("WeightsUnpickler error:", 1)[1].strip()
        first = text[:300]
        raise CheckpointError("%s is not a loadable weights-only PyTorch checkpoint (a state dict of tensors): %s"
                              % (path, first)) from None


def extract_state_dict(obj: Any, source: str = "checkpoint") -> Dict[str, torch.Tensor]:
    """The state dict inside a released checkpoint ({"model": state_dict}) or a bare state dict, with any
    ``module.`` prefix (distributed training) stripped."""
    if isinstance(obj, dict) and "model" in obj and isinstance(obj["model"], dict):
        obj = obj["model"]
    elif isinstance(obj, dict) and "state_dict" in obj and isinstance(obj["state_dict"], dict):
        obj = obj["state_dict"]
    if not isinstance(obj, dict):
        raise CheckpointError("%s holds a %s, not a state dict (expected {\"model\": state_dict} or a state dict)"
                              % (source, type(obj).__name__))
    state: Dict[str, torch.Tensor] = {}
    for key, value in obj.items():
        if not isinstance(key, str):
            raise CheckpointError("%s has a non-string key %r; not a state dict" % (source, key))
        name = key[len("module."):] if key.startswith("module.") else key
        if not isinstance(value, torch.Tensor):
            raise CheckpointError("%s: entry %r is a %s, not a tensor; not a state dict"
                                  % (source, key, type(value).__name__))
        if name in state:
            raise CheckpointError("%s: %r appears both with and without the 'module.' prefix" % (source, name))
        state[name] = value
    if not state:
        raise CheckpointError("%s holds an empty state dict" % source)
    return state


def _guess_encoder(state: Dict[str, torch.Tensor]) -> Optional[str]:
    pos = state.get("pretrained.pos_embed")
    if pos is None or pos.dim() != 3:
        return None
    for name in ENCODERS:
        cfg = config_for(name)
        if pos.shape[2] == cfg.embed_dim and pos.shape[1] == 1 + cfg.pos_grid ** 2:
            return name
    return None


def _listing(title: str, items: List[str], limit: int = 12) -> str:
    shown = items[:limit]
    more = "" if len(items) <= limit else "\n    ... and %d more" % (len(items) - limit)
    return "  %s (%d):\n    %s%s" % (title, len(items), "\n    ".join(shown), more)


def check_state_dict(model: FossaNet, state: Dict[str, torch.Tensor], encoder: str) -> None:
    """Raises CheckpointError listing missing keys, unexpected keys and shape mismatches, if any."""
    expected = model.state_dict()
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    mismatched = ["%s: checkpoint %s, network %s" % (k, tuple(state[k].shape), tuple(v.shape))
                  for k, v in expected.items() if k in state and tuple(state[k].shape) != tuple(v.shape)]
    if not (missing or unexpected or mismatched):
        return
    parts = ["checkpoint does not fit the FOSSA %s network:" % encoder]
    if missing:
        parts.append(_listing("missing keys", missing))
    if unexpected:
        parts.append(_listing("unexpected keys", unexpected))
    if mismatched:
        parts.append(_listing("shape mismatches", mismatched))
    guess = _guess_encoder(state)
    if guess is not None and guess != encoder:
        parts.append("  it looks like a %s checkpoint: try --encoder %s" % (guess, guess))
    raise CheckpointError("\n".join(parts))


def load_checkpoint_into(model: FossaNet, path: str, encoder: str) -> None:
    state = extract_state_dict(read_checkpoint(path), path)
    check_state_dict(model, state, encoder)
    floats = {k: v.to(torch.float32) if v.is_floating_point() else v for k, v in state.items()}
    model.load_state_dict(floats, strict=True)


def sha256_of(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_metadata(cfg: FossaConfig, model: FossaNet, max_stack: int, weights: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "architecture": "FOSSA",
        "encoder": cfg.name,
        "config": cfg.to_dict(),
        "weights": weights,
        "input_layout": INPUT_LAYOUT,
        "inputs": {
            "x": "(B, N, 3, H, W) float32: B stacks of N slices, RGB in [0, 1], any H and W",
            "fd": "(B, N) float32: each slice's focus distance, canonical (see canonical_depth)",
        },
        "output": "(B, H, W) float32 canonical depth at the input resolution",
        "normalisation": {
            "input_range": "RGB in [0,1]",
            "mean": list(IMAGENET_MEAN),
            "std": list(IMAGENET_STD),
            "applied_inside_model": True,
        },
        "resize_inside_model": {
            "short_edge": cfg.input_short_edge,
            "long_edge": "scaled by the same factor, truncated to int",
            "round_up_to_multiple_of": 14,
            "mode": "bilinear",
            "align_corners": True,
            "output_resized_back_to_input": True,
        },
        "canonical_depth": CANONICAL_CONVENTION,
        "canonical_depth_terms": {
            "W": "width in pixels of the images passed as x",
            "f_px": "focal length in pixels for those images: max(fx, fy) of K; f_mm * W / sensor_width_mm",
        },
        "max_stack": max_stack,
        "max_stack_note": "largest N the caller should pass (memory); the network itself accepts any N >= 1",
        "parameter_count": sum(p.numel() for p in model.parameters()),
        "torch_version": torch.__version__,
    }


def script_model(model: FossaNet) -> torch.jit.ScriptModule:
    model.eval()
    with torch.no_grad():
        return torch.jit.script(model)


def save_export(model: FossaNet, cfg: FossaConfig, out: str, max_stack: int, weights: Dict[str, Any]
                ) -> Tuple[torch.jit.ScriptModule, Dict[str, Any]]:
    if max_stack < 1:
        raise ValueError("max_stack must be at least 1")
    scripted = script_model(model)
    meta = export_metadata(cfg, model, max_stack, weights)
    text = json.dumps(meta, indent=2, sort_keys=True)
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    # write beside the target under the same file name (the name becomes the archive's root folder), then move
    with tempfile.TemporaryDirectory(dir=parent, prefix=".fossa-export-") as tmpdir:
        tmp = os.path.join(tmpdir, os.path.basename(out))
        torch.jit.save(scripted, tmp, _extra_files={METADATA_NAME: text})
        os.replace(tmp, out)
    return scripted, meta


def read_metadata(path: str) -> Dict[str, Any]:
    extra = {METADATA_NAME: ""}
    torch.jit.load(path, map_location="cpu", _extra_files=extra)
    text = extra[METADATA_NAME]
    if not text:
        raise ValueError("%s carries no %s" % (path, METADATA_NAME))
    return json.loads(text)


def load_exported(path: str) -> Tuple[torch.jit.ScriptModule, Dict[str, Any]]:
    extra = {METADATA_NAME: ""}
    module = torch.jit.load(path, map_location="cpu", _extra_files=extra)
    meta = json.loads(extra[METADATA_NAME]) if extra[METADATA_NAME] else {}
    return module.eval(), meta


def make_model(encoder: str, checkpoint: Optional[str] = None, seed: Optional[int] = None
               ) -> Tuple[FossaNet, FossaConfig, Dict[str, Any]]:
    """The network of ``encoder`` with weights from ``checkpoint`` or, if None, random weights from ``seed``."""
    cfg = config_for(encoder)
    model = build_model(cfg)
    if checkpoint is not None:
        load_checkpoint_into(model, checkpoint, encoder)
        weights = {"source": "checkpoint", "file": os.path.basename(checkpoint), "sha256": sha256_of(checkpoint)}
        raw = read_checkpoint(checkpoint)
        if isinstance(raw, dict) and isinstance(raw.get("training_json"), str):
            # scripts/train_fossa.py's run log (settings, hardware, minutes, losses, held-out scores) travels
            # with the weights it produced.
            weights["training"] = json.loads(raw["training_json"])
    else:
        seed = 0 if seed is None else seed
        randomize_weights(model, seed)
        weights = {"source": "random-init", "seed": seed,
                   "note": "random weights for tests and benchmarks; depth values are meaningless"}
    return model.eval(), cfg, weights
