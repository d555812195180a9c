#!/usr/bin/env python3
"""Independent reference for SAE encode / sparse decode (the activation definitions of SAELens v6).

Writes src/test/resources/org/saescope/sae/kernel/encode_fixture.json: a tiny random SAE, inputs,
and for each architecture the expected sparse codes (CSR: row_start, indices, values; per token
sorted by value descending, ties by lower feature index) plus the sparse decode of the TopK codes.

All inputs are small multiples of powers of two (x: 1/4, weights and biases: 1/8, scales: powers
of two), so every pre-activation is exact in float32 whatever the summation order, and exact ties
(which the data contains on purpose) have one right answer.  Run once with:
    /usr/bin/python3 src/test/python/make_encode_fixture.py
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20240601)
d_in, d_sae, n, k = 8, 40, 7, 6


def grid(shape, step, lo, hi):
    return (rng.integers(int(lo / step), int(hi / step) + 1, size=shape) * step).astype(np.float64)


x = grid((n, d_in), 0.25, -2, 2)
x[3] = 0.0                       # pre = b_enc exactly: many ties (b_enc is on a coarse grid)
x[5] = x[4]                      # two identical tokens
w_enc = grid((d_in, d_sae), 0.125, -1, 1)
w_enc[:, 7] = w_enc[:, 3]        # identical features: equal pre-activations on every token
w_dec = grid((d_sae, d_in), 0.125, -1, 1)
b_enc = grid((d_sae,), 0.125, -1, 0.125)   # token 3: few positives, all tied at 0.125
b_enc[7] = b_enc[3]
threshold = grid((d_sae,), 0.125, 0, 1)
b_gate = grid((d_sae,), 0.125, -1, 1)
r_mag_exp = rng.choice([0.5, 1.0, 2.0], size=d_sae)
b_mag = grid((d_sae,), 0.125, -1, 1)
pre_scale = rng.choice([0.5, 1.0, 2.0], size=d_sae)
pre_scale[7] = pre_scale[3]

raw = x @ w_enc                   # exact in float64, and representable in float32


def codes(act):
    """CSR of the strictly positive activations, value desc, index asc."""
    row_start, indices, values = [0], [], []
    for row in act:
        pos = np.nonzero(row > 0)[0]
        order = sorted(pos, key=lambda j: (-row[j], j))
        indices += [int(j) for j in order]
        values += [float(np.float32(row[j])) for j in order]
        row_start.append(len(indices))
    return {"row_start": row_start, "indices": indices, "values": values}


def top_k_then_relu(pre, kk):
    out = np.zeros_like(pre)
    for t, row in enumerate(pre):
        order = np.argsort(-row, kind="stable")[:kk]   # stable: equal values keep the lower index
        out[t, order] = np.maximum(row[order], 0)
    return out


pre = raw + b_enc
expected = {
    "relu": codes(np.maximum(pre, 0)),
    "jumprelu": codes(np.where((pre > threshold) & (pre > 0), pre, 0)),
    "gated": codes(np.where(raw + b_gate > 0, np.maximum(raw * r_mag_exp + b_mag, 0), 0)),
    "topk": codes(top_k_then_relu(pre, k)),
    "topk_scaled": codes(top_k_then_relu(pre * pre_scale, k)),
}
topk_dense = top_k_then_relu(pre, k)
decode_topk = (topk_dense @ w_dec).astype(np.float32)

f32 = lambda a: [float(np.float32(v)) for v in np.asarray(a).ravel()]
fixture = {
    "about": "made by src/test/python/make_encode_fixture.py (numpy), see its docstring",
    "d_in": d_in, "d_sae": d_sae, "tokens": n, "k": k,
    "x": f32(x), "w_enc": f32(w_enc), "w_dec": f32(w_dec), "b_enc": f32(b_enc),
    "threshold": f32(threshold), "b_gate": f32(b_gate), "r_mag_exp": f32(r_mag_exp), "b_mag": f32(b_mag),
    "pre_scale": f32(pre_scale),
    "expected": expected,
    "decode_topk": f32(decode_topk),
}
out = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "saescope", "sae", "kernel",
                   "encode_fixture.json")
with open(out, "w") as f:
    json.dump(fixture, f, indent=None, separators=(",", ":"))
    f.write("\n")
for name, c in expected.items():
    print(name, "L0 per token:", np.diff(c["row_start"]).tolist())
