"""The int8 Kokoro graph with its integer convolutions done in float.

The shipped graph is dynamically quantised: every Conv became DynamicQuantizeLinear +
``ConvInteger``. onnxruntime's CPU ``ConvInteger`` has no fast kernel on AVX2 machines;
on this project's machines it took 87 % of Kokoro's time. Each ``ConvInteger(x_q, w_q,
x_zp, w_zp)`` is replaced by ``Cast(Conv(float(x_q) - float(x_zp), w_q - w_zp), int32)``:
the same integer products summed in float32 (exact below 2**24, the audio came out
bit-identical in the check), on onnxruntime's float convolution, about 2.4 times faster.
Activations stay quantised as the model was published; only the kernel changes.

onnxruntime 1.31 gave ``ConvInteger`` a fast kernel (on this machine it then beats the
rewrite: real-time factor 0.56-0.60 against 0.72, one thread), so the rewrite runs only
under older releases, which Python 3.10 is held to (the last with 3.10 wheels is 1.23).
"""

from __future__ import annotations

import numpy as np

FAST_CONV_INTEGER = (1, 31)


def needed(version: str | None = None) -> bool:
    """Whether this onnxruntime (``version``, default the installed one) has the slow
    ``ConvInteger`` kernel the rewrite works around."""
    if version is None:
        import onnxruntime

        version = onnxruntime.__version__
    major, minor = (int(part) for part in version.split(".")[:2])
    return (major, minor) < FAST_CONV_INTEGER


def float_convolutions(model: bytes) -> bytes:
    """``model`` with every ``ConvInteger`` node run as a float ``Conv`` (same values)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    proto = onnx.load_from_string(model)
    graph = proto.graph
    initializers = {tensor.name: tensor for tensor in graph.initializer}
    nodes: list[onnx.NodeProto] = []
    weights: list[onnx.TensorProto] = []
    replaced: set[str] = set()
    for node in graph.node:
        inputs = [*node.input, "", "", ""][:4]
        x_q, w_q, x_zp, w_zp = inputs
        if node.op_type != "ConvInteger" or w_q not in initializers or not x_zp:
            nodes.append(node)
            continue
        weight = numpy_helper.to_array(initializers[w_q]).astype(np.float32)
        if w_zp:
            zero = numpy_helper.to_array(initializers[w_zp]).astype(np.float32)
            weight -= zero.reshape(-1, *[1] * (weight.ndim - 1)) if zero.ndim == 1 else zero
        name = node.name or node.output[0]
        weights.append(numpy_helper.from_array(weight, f"{name}/float_weight"))
        replaced.update(i for i in (w_q, w_zp) if i)
        conv = helper.make_node(
            "Conv", [f"{name}/x_centred", f"{name}/float_weight"], [f"{name}/y"], name=name
        )
        conv.attribute.extend(node.attribute)
        nodes += [
            helper.make_node("Cast", [x_q], [f"{name}/x"], to=TensorProto.FLOAT),
            helper.make_node("Cast", [x_zp], [f"{name}/x_zero"], to=TensorProto.FLOAT),
            helper.make_node("Sub", [f"{name}/x", f"{name}/x_zero"], [f"{name}/x_centred"]),
            conv,
            helper.make_node("Cast", [f"{name}/y"], [node.output[0]], to=TensorProto.INT32),
        ]
    still_used = {i for node in nodes for i in node.input}
    kept = [t for t in graph.initializer if t.name not in replaced or t.name in still_used]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend([*kept, *weights])
    return proto.SerializeToString()
