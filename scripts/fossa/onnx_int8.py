"""Dynamic int8 quantisation of a FOSSA ONNX export (DefocusJ's ``--runtime onnx-int8``), in standard ONNX ops.

Each MatMul (or Gemm) whose B is a constant weight becomes

    DynamicQuantizeLinear(A) -> (A_q uint8, A_scale, A_zero)
    MatMulInteger(A_q, W_q int8, A_zero, W_zero) -> Cast(float) -> Mul(A_scale * W_scale) [-> Add(bias)]

with W quantised symmetrically per output column (W_scale[j] = max |W[:, j]| / 127, W_zero = 0). ONNX Runtime
fuses that pattern into its int8 kernel (DynamicQuantizeMatMul) at ORT_ENABLE_ALL. Products of two activations
(the attention scores and their weighting of the values) and the convolutions (patch embedding, DPT head) stay
fp32. Needs the ``onnx`` package (Debian: python3-onnx); onnxruntime.quantization is not used.
"""

import os

import numpy as np

QUANTIZED_MARK = "defocusj.quantization"
QUANTIZED_VALUE = "int8 dynamic, per-column symmetric weights (scripts/fossa/onnx_int8.py)"


def int8_path_for(onnx_path: str) -> str:
    """MODEL.int8.onnx for MODEL.onnx (or MODEL.pt): where DefocusJ's --runtime onnx-int8 looks for it."""
    base, _ = os.path.splitext(onnx_path)
    return base + ".int8.onnx"


def quantize_weight(w: np.ndarray):
    """(W_q int8, W_scale float32 [N]) for a (K, N) weight, symmetric per column."""
    peak = np.abs(w).max(axis=0).astype(np.float32)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, scale


def quantize_model(model, min_inner: int = 16, keep_fp32=()):
    """Rewrites ``model`` (onnx.ModelProto) in place; returns the number of products made int8.

    ``min_inner``: products whose inner size K is smaller stay fp32 (too little arithmetic to pay for the
    quantisation of A). ``keep_fp32``: node-name substrings that stay fp32."""
    from onnx import helper, numpy_helper, TensorProto

    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    uses = {}
    for n in graph.node:
        for i in n.input:
            uses[i] = uses.get(i, 0) + 1
    out_nodes = []
    quantized = {}  # weight name -> (q name, scale name, zero name), shared when one weight feeds several products
    count = 0
    for n in graph.node:
        w_name = n.input[1] if len(n.input) > 1 else None
        eligible = n.op_type in ("MatMul", "Gemm") and w_name in inits and not any(k in n.name for k in keep_fp32)
        transposed = False
        bias = None
        if eligible and n.op_type == "Gemm":
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            transposed = bool(attrs.get("transB", 0))
            eligible = (not attrs.get("transA", 0) and attrs.get("alpha", 1.0) == 1.0
                        and attrs.get("beta", 1.0) == 1.0)
            bias = n.input[2] if len(n.input) > 2 and n.input[2] else None
        w = numpy_helper.to_array(inits[w_name]) if eligible else None
        if w is not None and transposed:
            w = w.T
        if w is None or w.ndim != 2 or w.dtype != np.float32 or w.shape[0] < min_inner:
            out_nodes.append(n)
            continue
        key = (w_name, transposed)
        if key not in quantized:
            q, scale = quantize_weight(w)
            base = w_name + (".T" if transposed else "") + ".int8"
            names = (base, base + ".scale", base + ".zero")
            graph.initializer.extend([numpy_helper.from_array(q, names[0]), numpy_helper.from_array(scale, names[1]),
                                      numpy_helper.from_array(np.zeros(q.shape[1], np.int8), names[2])])
            quantized[key] = names
        q_name, s_name, z_name = quantized[key]
        p = (n.name or n.output[0]) + "/int8"
        a = n.input[0]
        out = n.output[0]
        out_nodes += [
            helper.make_node("DynamicQuantizeLinear", [a], [p + "/a_q", p + "/a_scale", p + "/a_zero"],
                             name=p + "/DynamicQuantizeLinear"),
            helper.make_node("MatMulInteger", [p + "/a_q", q_name, p + "/a_zero", z_name], [p + "/int32"],
                             name=p + "/MatMulInteger"),
            helper.make_node("Mul", [p + "/a_scale", s_name], [p + "/scale"], name=p + "/ScaleMul"),
            helper.make_node("Cast", [p + "/int32"], [p + "/float"], to=TensorProto.FLOAT, name=p + "/Cast"),
            helper.make_node("Mul", [p + "/float", p + "/scale"], [out if bias is None else p + "/product"],
                             name=p + "/Mul"),
        ]
        if bias is not None:
            out_nodes.append(helper.make_node("Add", [p + "/product", bias], [out], name=p + "/Add"))
        uses[w_name] -= 1
        count += 1
    del graph.node[:]
    graph.node.extend(out_nodes)
    # fp32 weights no longer read by any node go (a weight is kept where a non-quantised node still reads it)
    kept = [i for i in graph.initializer if uses.get(i.name, 1) > 0]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    return count


def write_int8(onnx_in: str, onnx_out: str, min_inner: int = 16, keep_fp32=()):
    """Writes the int8 version of ``onnx_in`` to ``onnx_out`` (its metadata, the TorchScript SHA-256 included,
    carried over, plus a defocusj.quantization entry); returns the number of quantised products."""
    import onnx

    model = onnx.load(onnx_in)
    count = quantize_model(model, min_inner, keep_fp32)
    if count == 0:
        raise ValueError("%s: no MatMul/Gemm with a constant weight to quantise" % onnx_in)
    onnx.helper.set_model_props(model, dict({p.key: p.value for p in model.metadata_props},
                                            **{QUANTIZED_MARK: QUANTIZED_VALUE}))
    onnx.checker.check_model(model)
    tmp = onnx_out + ".part"
    onnx.save(model, tmp)
    os.replace(tmp, onnx_out)
    return count
