"""ONNX export of a FOSSA network for DefocusJ's --runtime onnx (ONNX Runtime), written beside its TorchScript file.

One graph serves every stack size and image size: slices, H and W are dynamic axes (under a trace the model
computes its resize size and position-table resize with tensor operations: fossa/model.py, is_tracing branches).
The file carries, as ONNX metadata, the SHA-256 of the TorchScript file it belongs to
(``defocusj.torchscript.sha256``): DefocusJ refuses an .onnx whose TorchScript file has changed since.
"""

import os

import torch

from .export import sha256_of

TORCHSCRIPT_SHA256 = "defocusj.torchscript.sha256"


def onnx_path_for(torchscript_path: str) -> str:
    """MODEL.onnx for MODEL.pt (same folder, same name): where DefocusJ looks for the export."""
    base, _ = os.path.splitext(torchscript_path)
    return base + ".onnx"


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _length_delimited(field: int, payload: bytes) -> bytes:
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def append_metadata(onnx_path: str, key: str, value: str) -> None:
    """Adds one ModelProto.metadata_props entry (field 14: StringStringEntryProto key=1, value=2). A protobuf
    message may carry a repeated field's elements anywhere, so appending the encoded entry to the file is a
    valid edit (PyTorch 1.13's exporter has no option for it, and the onnx package is not needed)."""
    entry = _length_delimited(1, key.encode("utf-8")) + _length_delimited(2, value.encode("utf-8"))
    with open(onnx_path, "ab") as f:
        f.write(_length_delimited(14, entry))


def write_onnx(model, torchscript_path: str, out: str, slices: int = 5, height: int = 60, width: int = 90,
               opset: int = 17) -> None:
    """Exports eager ``model`` (the network of ``torchscript_path``) to ``out``, traced on a random example of
    slices x height x width (any size works afterwards), and records the TorchScript file's SHA-256."""
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(1, slices, 3, height, width, generator=gen)
    fd = torch.linspace(0.3, 3.0, slices).unsqueeze(0)
    with torch.no_grad():
        torch.onnx.export(model.eval(), (x, fd), out, opset_version=opset, input_names=["x", "fd"],
                          output_names=["depth"],
                          dynamic_axes={"x": {1: "slices", 3: "height", 4: "width"}, "fd": {1: "slices"},
                                        "depth": {1: "height", 2: "width"}},
                          do_constant_folding=True)
    append_metadata(out, TORCHSCRIPT_SHA256, sha256_of(torchscript_path))
