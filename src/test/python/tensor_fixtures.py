"""Writes the reference fixtures for the tensor layer tests (org.saescope.tensor).

Run once from the repository root with numpy and torch installed:

    python3 src/test/python/tensor_fixtures.py

Outputs go to src/test/resources/tensor/:
  all_dtypes.safetensors  every safetensors dtype, written by hand (there is no safetensors
                          package here): header keys deliberately not alphabetical, data in yet
                          another order, plus __metadata__.
  npy/<name>.npy          one array per npy descr, both byte orders, Fortran order, npy v1/v2/v3.
  arrays.npz              the same arrays through np.savez (stored entries).
  arrays_compressed.npz   the same arrays through np.savez_compressed (deflated entries).
  expected.json           what Java must read: f32 bit patterns (so NaN, -0 and subnormals compare
                          exactly) computed by numpy/torch, i64 values, shapes, order, metadata,
                          and SHA-256 digests of exhaustive f16/bf16 conversions.
and seed inputs for the Jazzer fuzz targets under
src/test/resources/org/saescope/tensor/TensorFormatsFuzzTestInputs/<method>/.
"""
import hashlib
import io
import json
import os
import struct

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "tensor")


def f32_bits(a):
    return [int(b) for b in np.asarray(a, dtype=np.float32).reshape(-1).view(np.uint32)]


# ---------------------------------------------------------------------------------------------
# safetensors with every dtype
# ---------------------------------------------------------------------------------------------

def safetensors_fixture(expected):
    inf, nan = float("inf"), float("nan")
    tensors = {}  # name -> (dtype string, shape, raw LE bytes, f32 reference, i64 reference or None)

    f32 = np.array([1.0, -0.0, inf, -inf, nan, 1e-45, 3.4028235e38, -2.5], dtype=np.float32).reshape(2, 4)
    tensors["weights.f32"] = ("F32", f32.shape, f32.astype("<f4").tobytes(), f32, None)

    f16 = np.array([2.0 ** -24, 2.0 ** -14, 65504.0, inf, -inf, nan, -0.0, 1 / 3,
                    3 * 2.0 ** -24, -(2.0 ** -20), 1.0, -65504.0], dtype=np.float16).reshape(2, 3, 2)
    tensors["half"] = ("F16", f16.shape, f16.astype("<f2").tobytes(), f16.astype(np.float32), None)

    # bf16 through torch's own f32 -> bf16 rounding; the f32 reference through torch's widening.
    bf_src = torch.tensor([1 / 3, 3.14159265, 1e-40, 9.2e-41, inf, -inf, nan, -0.0,
                           3.39e38, 1.00390625, 1.01171875, -7.0], dtype=torch.float32)
    bf = bf_src.to(torch.bfloat16)
    bf_bytes = bf.view(torch.int16).numpy().astype("<i2").tobytes()
    tensors["brain"] = ("BF16", (3, 4), bf_bytes, bf.to(torch.float32).numpy(), None)

    f64 = np.array([np.pi, 1e300, 1e-300, -0.0, nan, 1 / 3], dtype=np.float64)
    tensors["double"] = ("F64", f64.shape, f64.astype("<f8").tobytes(), f64.astype(np.float32), None)

    i64 = np.array([-(2 ** 63), 2 ** 63 - 1, -1, 0, 16777217], dtype=np.int64)
    tensors["ids.i64"] = ("I64", i64.shape, i64.astype("<i8").tobytes(), i64.astype(np.float32), i64)

    i32 = np.array([[-(2 ** 31), 2 ** 31 - 1], [-7, 123456789]], dtype=np.int32)
    tensors["i32"] = ("I32", i32.shape, i32.astype("<i4").tobytes(), i32.astype(np.float32), i32.astype(np.int64))

    i16 = np.array([-32768, 32767, -1], dtype=np.int16)
    tensors["i16"] = ("I16", i16.shape, i16.astype("<i2").tobytes(), i16.astype(np.float32), i16.astype(np.int64))

    i8 = np.array([-128, 127, 0, -3], dtype=np.int8)
    tensors["i8"] = ("I8", i8.shape, i8.tobytes(), i8.astype(np.float32), i8.astype(np.int64))

    u8 = np.array([0, 1, 200, 255], dtype=np.uint8)
    tensors["u8"] = ("U8", u8.shape, u8.tobytes(), u8.astype(np.float32), u8.astype(np.int64))

    bools = np.array([True, False, False, True, True], dtype=np.bool_)
    tensors["mask"] = ("BOOL", bools.shape, bools.tobytes(), bools.astype(np.float32), bools.astype(np.int64))

    scalar = np.array(42.5, dtype=np.float32)
    tensors["scalar"] = ("F32", (), scalar.astype("<f4").tobytes(), scalar, None)

    empty = np.zeros((0, 4), dtype=np.float32)
    tensors["empty"] = ("F32", (0, 4), b"", empty, None)

    # Header order (what names() must return) is neither alphabetical nor the data order.
    header_order = ["weights.f32", "mask", "brain", "i8", "__metadata__", "half", "ids.i64", "scalar",
                    "u8", "double", "empty", "i32", "i16"]
    data_order = ["i16", "half", "double", "u8", "weights.f32", "brain", "ids.i64", "i32", "mask",
                  "empty", "scalar", "i8"]
    metadata = {"format": "pt", "note": "written by tensor_fixtures.py", "unicode": "\u00e9\u4e2d"}

    offsets, data, pos = {}, b"", 0
    for name in data_order:
        raw = tensors[name][2]
        offsets[name] = [pos, pos + len(raw)]
        data += raw
        pos += len(raw)

    parts = []
    for name in header_order:
        if name == "__metadata__":
            parts.append('"__metadata__":' + json.dumps(metadata, ensure_ascii=False))
        else:
            dtype, shape, *_ = tensors[name]
            # Keys inside an entry also in an unusual order.
            parts.append(json.dumps(name) + ':{"data_offsets":' + json.dumps(offsets[name])
                         + ',"shape":' + json.dumps(list(shape)) + ',"dtype":"' + dtype + '"}')
    header = ("{" + ",".join(parts) + "}").encode("utf-8")
    header += b" " * ((8 - len(header) % 8) % 8)
    with open(os.path.join(OUT, "all_dtypes.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(header)))
        f.write(header)
        f.write(data)

    exp_tensors = {}
    for name, (dtype, shape, raw, ref32, ref64) in tensors.items():
        e = {"dtype": dtype, "shape": list(shape), "f32_bits": f32_bits(ref32)}
        if ref64 is not None:
            e["i64"] = [int(v) for v in np.asarray(ref64).reshape(-1)]
        exp_tensors[name] = e
    expected["safetensors"] = {
        "file": "all_dtypes.safetensors",
        "names": [n for n in header_order if n != "__metadata__"],
        "metadata": metadata,
        "tensors": exp_tensors,
    }


# ---------------------------------------------------------------------------------------------
# npy / npz
# ---------------------------------------------------------------------------------------------

def npy_arrays():
    """name -> (array as saved, what SAEscope reads it as, npy format version or None for default)."""
    base_f = np.array([[1.5, -0.0, np.inf], [np.nan, 2.0 ** -24, -65504.0]])
    base_i = np.array([[-100, 0, 7], [127, -128, 55]])
    arrays = {}
    for order, tag in (("<", "le"), (">", "be")):
        arrays["f2_" + tag] = (base_f.astype(order + "f2"), "F16")
        arrays["f4_" + tag] = (base_f.astype(order + "f4"), "F32")
        arrays["f8_" + tag] = (np.array([[np.pi, 1e300, -1e-300], [1 / 3, np.nan, -0.0]]).astype(order + "f8"), "F64")
        arrays["i2_" + tag] = (np.array([[-32768, 32767, -1], [0, 300, -300]]).astype(order + "i2"), "I16")
        arrays["i4_" + tag] = (np.array([[-(2 ** 31), 2 ** 31 - 1, -1], [0, 16777217, 5]]).astype(order + "i4"), "I32")
        arrays["i8_" + tag] = (np.array([[-(2 ** 63), 2 ** 63 - 1, -1], [0, 2 ** 53 + 1, 5]], dtype=np.int64).astype(order + "i8"), "I64")
        arrays["u2_" + tag] = (np.array([[0, 65535, 1], [40000, 2, 3]]).astype(order + "u2"), "I32")
        arrays["u4_" + tag] = (np.array([[0, 2 ** 32 - 1, 1], [3000000000, 2, 3]], dtype=np.uint64).astype(order + "u4"), "I64")
        arrays["u8_" + tag] = (np.array([[0, 2 ** 63 - 1, 1], [2 ** 40, 2, 3]], dtype=np.uint64).astype(order + "u8"), "I64")
    arrays["i1"] = (base_i.astype("|i1"), "I8")
    arrays["u1"] = (np.array([[0, 255, 1], [128, 2, 3]]).astype("|u1"), "U8")
    arrays["b1"] = (np.array([[True, False, True], [False, False, True]]), "BOOL")
    # Values above Long.MAX_VALUE: readable as f32, refused by readI64.
    arrays["u8_big"] = (np.array([2 ** 64 - 1, 2 ** 63, 5], dtype=np.uint64).astype("<u8"), "I64")
    # Fortran order: must come back row-major.
    cube = np.arange(24, dtype=np.float32).reshape(2, 3, 4) * 0.5 - 3
    arrays["fortran_f4"] = (np.asfortranarray(cube), "F32")
    arrays["fortran_i4_be"] = (np.asfortranarray(np.arange(6).reshape(2, 3).astype(">i4")), "I32")
    arrays["scalar_f8"] = (np.array(2.75), "F64")
    arrays["empty_f4"] = (np.zeros((3, 0), dtype=np.float32), "F32")
    return arrays


def npy_fixtures(expected):
    os.makedirs(os.path.join(OUT, "npy"), exist_ok=True)
    arrays = npy_arrays()
    exp = {}
    for name, (arr, reads_as) in arrays.items():
        with open(os.path.join(OUT, "npy", name + ".npy"), "wb") as f:
            np.save(f, arr)
        e = {"shape": list(arr.shape), "dtype": reads_as,
             "f32_bits": f32_bits(np.ascontiguousarray(arr).reshape(-1).astype(np.float32))}
        if reads_as not in ("F16", "F32", "F64") and name != "u8_big":
            e["i64"] = [int(v) for v in np.ascontiguousarray(arr).reshape(-1)]
        exp[name] = e

    # Header versions 2.0 and 3.0 (numpy only picks them for huge or non-latin-1 headers).
    for version in ((2, 0), (3, 0)):
        arr = np.array([[1.25, -2.5], [3.0, 1e-8]], dtype="<f4")
        name = "v%d_f4" % version[0]
        with open(os.path.join(OUT, "npy", name + ".npy"), "wb") as f:
            np.lib.format.write_array(f, arr, version=version)
        exp[name] = {"shape": [2, 2], "dtype": "F32", "f32_bits": f32_bits(arr)}
        arrays[name] = (arr, "F32")

    np.savez(os.path.join(OUT, "arrays.npz"), **{k: v[0] for k, v in arrays.items()})
    np.savez_compressed(os.path.join(OUT, "arrays_compressed.npz"), **{k: v[0] for k, v in arrays.items()})
    expected["npy"] = exp
    expected["npz_names"] = list(arrays.keys())


# ---------------------------------------------------------------------------------------------
# Exhaustive conversions, summarised as SHA-256 digests (a 256 KiB table would be too big a fixture)
# ---------------------------------------------------------------------------------------------

def conversion_digests(expected):
    # f16 -> f32 for all 65536 patterns; NaNs canonicalised to 0x7fc00000 on both sides because
    # hardware may quiet signalling NaNs differently.
    halves = np.arange(65536, dtype=np.uint32).astype(np.uint16).view(np.float16)
    wide = halves.astype(np.float32)
    bits = wide.view(np.uint32).copy()
    bits[np.isnan(wide)] = 0x7FC00000
    expected["f16_to_f32_sha256"] = hashlib.sha256(bits.astype("<u4").tobytes()).hexdigest()

    # f32 -> f16 / bf16 around every representable 16-bit value: the exact value, its neighbours,
    # and the halfway points (ties) in both directions. Inputs are formed the same way in Java.
    deltas_f16 = np.array([0, 1, -1, 0x0FFF, 0x1000, 0x1001, 0x1FFF], dtype=np.int64)
    h = np.arange(65536, dtype=np.int64)
    hv = h.astype(np.uint16).view(np.float16).astype(np.float32).view(np.uint32).astype(np.int64)
    inputs = ((hv[:, None] + deltas_f16[None, :]) & 0xFFFFFFFF).astype(np.uint32).reshape(-1)
    x = inputs.view(np.float32)
    n16 = x.astype(np.float16)
    out16 = n16.view(np.uint16).copy()
    out16[np.isnan(n16)] = 0x7E00
    expected["f32_to_f16_sha256"] = hashlib.sha256(out16.astype("<u2").tobytes()).hexdigest()

    # Exact midpoints between neighbouring finite f16 values (ties, including between subnormals,
    # whose spacing no fixed bit delta hits) and the f32 values just below and above each.
    lo = np.concatenate([np.arange(0x0000, 0x7BFF), np.arange(0x8000, 0xFBFF)]).astype(np.uint16)
    a = lo.view(np.float16).astype(np.float64)
    b = (lo + 1).astype(np.uint16).view(np.float16).astype(np.float64)
    mid = ((a + b) / 2).astype(np.float32)
    trio = np.stack([np.nextafter(mid, np.float32(-np.inf)), mid, np.nextafter(mid, np.float32(np.inf))], axis=1)
    outm = trio.reshape(-1).astype(np.float16).view(np.uint16)
    expected["f32_to_f16_midpoints_sha256"] = hashlib.sha256(outm.astype("<u2").tobytes()).hexdigest()

    deltas_bf = np.array([0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF], dtype=np.int64)
    inputs_bf = (((h << 16)[:, None] + deltas_bf[None, :]) & 0xFFFFFFFF).astype(np.uint32).reshape(-1)
    xb = torch.from_numpy(inputs_bf.view(np.float32).copy())
    nb = xb.to(torch.bfloat16)
    outb = nb.view(torch.int16).numpy().astype(np.uint16)
    outb[torch.isnan(nb).numpy()] = 0x7FC0
    expected["f32_to_bf16_sha256"] = hashlib.sha256(outb.astype("<u2").tobytes()).hexdigest()

    # A readable handful, so a failure shows which case broke.
    samples = np.array([0.0, -0.0, 1.0, 65504.0, 65519.0, 65520.0, 1e-8, 2.0 ** -25, 2.0 ** -25 * 1.0000001,
                        3 * 2.0 ** -26, 2.0 ** -14 - 2.0 ** -25, 1.0009765625 / 2 + 0.5, 1 + 2.0 ** -11,
                        1 + 3 * 2.0 ** -11, 3.4028235e38, float("inf"), -float("inf"), 1e-45, 1.00390625,
                        1.01171875, -1.00390625], dtype=np.float32)
    s16 = samples.astype(np.float16).view(np.uint16)
    sbf = torch.from_numpy(samples.copy()).to(torch.bfloat16).view(torch.int16).numpy().astype(np.uint16)
    expected["narrow_samples"] = [
        {"f32_bits": int(a), "f16_bits": int(b), "bf16_bits": int(c)}
        for a, b, c in zip(samples.view(np.uint32), s16, sbf)
    ]


# ---------------------------------------------------------------------------------------------
# Seed inputs for the Jazzer fuzz targets (TensorFormatsFuzzTest): small valid files to mutate from
# ---------------------------------------------------------------------------------------------

SEEDS = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "saescope", "tensor",
                     "TensorFormatsFuzzTestInputs")


def fuzz_seeds():
    def put(target, name, data):
        d = os.path.join(SEEDS, target)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)

    with open(os.path.join(OUT, "all_dtypes.safetensors"), "rb") as f:
        st = f.read()
    header_len = struct.unpack("<Q", st[:8])[0]
    put("fuzzSafetensorsHeader", "seed_all_dtypes", st[8:8 + header_len])
    put("fuzzSafetensorsHeader", "seed_small", b'{"__metadata__":{"a":"b"},"w":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]},'
                                               b'"e":{"dtype":"I64","shape":[0],"data_offsets":[12,12]}}')
    put("fuzzSafetensorsFile", "seed_all_dtypes", st)
    small = b'{"x":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"y":{"dtype":"I32","shape":[2],"data_offsets":[6,14]}}'
    small += b" " * ((8 - len(small) % 8) % 8)
    put("fuzzSafetensorsFile", "seed_small", struct.pack("<Q", len(small)) + small
        + np.array([1, -2, 0.5], dtype="<f2").tobytes() + np.array([7, -9], dtype="<i4").tobytes())

    for name in ("f2_be", "fortran_f4", "b1", "u8_big", "v3_f4", "i8_le", "scalar_f8"):
        with open(os.path.join(OUT, "npy", name + ".npy"), "rb") as f:
            put("fuzzNpy", "seed_" + name, f.read())

    arrays = {"w": np.arange(6, dtype=">f4").reshape(2, 3), "ids": np.array([3, 1, 2], dtype="<u2"),
              "m": np.asfortranarray(np.eye(2, dtype="<f2"))}
    for compressed, name in ((False, "seed_stored"), (True, "seed_deflated")):
        buf = io.BytesIO()
        (np.savez_compressed if compressed else np.savez)(buf, **arrays)
        put("fuzzNpz", name, buf.getvalue())


def main():
    np.seterr(over="ignore")  # f64 -> f32 and f32 -> f16 overflow to inf on purpose
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    safetensors_fixture(expected)
    npy_fixtures(expected)
    conversion_digests(expected)
    fuzz_seeds()
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
