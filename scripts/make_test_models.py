#!/usr/bin/python3
"""Writes the small TorchScript files the Java tests load (src/test/resources/fossa/trivial-*.pt).

They are not FOSSA networks: one closed-form module whose output is easy to predict from its inputs,
saved with and without DefocusJ's metadata, and one whose output has the wrong shape, so the Java side's loading, metadata checks, canonical-depth
arithmetic and error paths can be tested without a trained model. Regenerate with
    /usr/bin/python3 scripts/make_test_models.py
"""
import json
import os

import torch


class MeanTimesFocus(torch.nn.Module):
    """(B, N, 3, H, W), (B, N) -> (B, H, W): mean over slices and channels times the mean focus distance."""

    def forward(self, x: torch.Tensor, fd: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=(1, 2)) * fd.mean(dim=1).view(-1, 1, 1)


class PerSliceMaps(torch.nn.Module):
    """(B, N, 3, H, W), (B, N) -> (B, N, H, W): one map per slice, the wrong output shape for FOSSA."""

    def forward(self, x: torch.Tensor, fd: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=2) * fd.view(fd.shape[0], fd.shape[1], 1, 1)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fossa")
    os.makedirs(out, exist_ok=True)
    module = torch.jit.script(MeanTimesFocus())
    meta = {
        "format": "defocusj-fossa",
        "format_version": 1,
        "encoder": "trivial",
        "max_stack": 4,
        "normalisation": {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "applied_inside_model": True},
        "parameter_count": 0,
        "note": "test module: mean(x over slices and channels) * mean(fd)",
    }
    torch.jit.save(module, os.path.join(out, "trivial-with-metadata.pt"),
                   _extra_files={"defocusj.json": json.dumps(meta)})
    torch.jit.save(module, os.path.join(out, "trivial-without-metadata.pt"))
    torch.jit.save(torch.jit.script(PerSliceMaps()), os.path.join(out, "trivial-wrong-shape.pt"),
                   _extra_files={"defocusj.json": json.dumps(meta)})
    print("wrote", out)


if __name__ == "__main__":
    main()
