#!/usr/bin/env python3
"""Independent safetensors reader for the C++ writer's tests.

Parses FILE per the published format with the standard library only and prints
{name: {"dtype", "shape", "sum"}} as JSON on stdout. When the real `safetensors` package is
installed, the file is also loaded through it (safetensors.torch or safetensors.numpy); with
only torch installed, torch decodes each tensor's bytes itself. The readings must agree; stderr
says which loaders were used. Exits non-zero on any problem.
"""
import json
import math
import struct
import sys

# struct format character per dtype; BF16 is widened to F32 by decode(), 1-byte floats are
# summed as raw bytes.
FORMATS = {
    "BOOL": "?", "U8": "B", "I8": "b", "F8_E5M2": "B", "F8_E4M3": "B",
    "I16": "h", "U16": "H", "F16": "e", "BF16": "H", "I32": "i", "U32": "I", "F32": "f",
    "I64": "q", "U64": "Q", "F64": "d",
}
TORCH_DTYPES = {
    "BOOL": "bool", "U8": "uint8", "I8": "int8", "I16": "int16", "F16": "float16",
    "BF16": "bfloat16", "I32": "int32", "F32": "float32", "I64": "int64", "F64": "float64",
}


def fail(message):
    sys.exit(f"read_safetensors: {message}")


def split_file(path):
    """The JSON header (without __metadata__) and the data section."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        fail("file shorter than 8 bytes")
    (length,) = struct.unpack("<Q", blob[:8])
    if 8 + length > len(blob):
        fail("header length exceeds the file")
    header = json.loads(blob[8 : 8 + length].decode("utf-8"))
    header.pop("__metadata__", None)
    return header, blob[8 + length :]


def decode(dtype, chunk):
    values = [v for (v,) in struct.iter_unpack("<" + FORMATS[dtype], chunk)]
    if dtype == "BF16":  # the upper half of an F32
        values = [struct.unpack("<f", struct.pack("<I", v << 16))[0] for v in values]
    return values


def read_stdlib(path):
    header, data = split_file(path)
    result, spans = {}, []
    for name, entry in header.items():
        dtype, shape = entry["dtype"], entry["shape"]
        begin, end = entry["data_offsets"]
        fmt = FORMATS[dtype]
        if end - begin != math.prod(shape) * struct.calcsize(fmt) or end > len(data):
            fail(f"{name}: data_offsets do not match dtype and shape")
        result[name] = {"dtype": dtype, "shape": shape, "sum": sum(decode(dtype, data[begin:end]))}
        spans.append((begin, end))
    covered = 0
    for begin, end in sorted(spans):
        if begin != covered:
            fail("tensors are not packed back to back")
        covered = end
    if covered != len(data):
        fail("data section has bytes that belong to no tensor")
    return result


def torch_frombuffer(path):
    """Without the safetensors package, torch itself decodes each tensor's bytes."""
    import torch

    header, data = split_file(path)
    tensors = {}
    for name, entry in header.items():
        dtype = getattr(torch, TORCH_DTYPES.get(entry["dtype"], ""), None)
        if dtype is None:
            continue  # not representable in this torch; the stdlib reading still covers it
        begin, end = entry["data_offsets"]
        chunk = bytearray(data[begin:end])
        flat = torch.frombuffer(chunk, dtype=dtype) if chunk else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors


def load_reference(path):
    """(loader name, {name: tensor}) from the first real loader available, or None."""
    try:
        from safetensors.torch import load_file

        return "safetensors.torch", load_file(path)
    except ImportError:
        pass
    try:
        from safetensors.numpy import load_file

        return "safetensors.numpy", load_file(path)
    except ImportError:
        pass
    try:
        import torch  # noqa: F401
    except ImportError:
        return None
    return "torch.frombuffer", torch_frombuffer(path)


def summary(tensor):
    """(shape, sum) of a torch tensor or numpy array."""
    wide = tensor.double() if hasattr(tensor, "double") else tensor.astype("float64")
    return list(tensor.shape), float(wide.sum())


def check_against(reference, ours):
    loader, tensors = reference
    for name, tensor in tensors.items():
        if name not in ours:
            fail(f"{loader} sees tensor {name} that the stdlib reader does not")
        mine = ours[name]
        if mine["dtype"].startswith("F8_"):
            continue  # the stdlib reader sums their raw bytes
        shape, total = summary(tensor)
        same_sum = math.isclose(total, mine["sum"], rel_tol=1e-9, abs_tol=1e-9)
        if shape != mine["shape"] or not same_sum:
            fail(f"{loader} disagrees on {name}: shape {shape} sum {total} vs {mine}")
    if loader != "torch.frombuffer" and set(tensors) != set(ours):
        fail(f"{loader} misses tensors {sorted(set(ours) - set(tensors))}")


def main():
    if len(sys.argv) != 2:
        fail("usage: read_safetensors.py FILE")
    ours = read_stdlib(sys.argv[1])
    loaders = ["stdlib"]
    reference = load_reference(sys.argv[1])
    if reference is not None:
        check_against(reference, ours)
        loaders.append(reference[0])
    print("loaders: " + ", ".join(loaders), file=sys.stderr)
    json.dump(ours, sys.stdout, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
