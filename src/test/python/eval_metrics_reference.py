"""Independent reference values for org.saescope.eval (SaeMetrics, NextTokenLossMetrics).

Run once with `python3 src/test/python/eval_metrics_reference.py` from the repository root; it
rewrites src/test/resources/eval/metrics_reference.json (inputs and expected outputs). The
formulas here are written straight from their definitions in numpy float64, not from the Java code.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20240611)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "eval", "metrics_reference.json")

# ---- reconstruction / sparsity metrics -------------------------------------------------------
n, d_in, d_sae = 13, 5, 12
# A large common offset (about 100) next to a spread of about 1 makes E|x|^2 - |E x|^2 a
# cancellation-prone difference: the Java side must still match the float64 value closely.
x = (100.0 + rng.normal(size=(n, d_in))).astype(np.float32)
xhat = (x + 0.3 * rng.normal(size=(n, d_in))).astype(np.float32)

acts = np.zeros((n, d_sae), dtype=np.float32)
for t in range(n):
    k = rng.integers(0, 5)
    feats = rng.choice(d_sae - 3, size=k, replace=False)  # the last 3 features never fire
    acts[t, feats] = rng.uniform(0.1, 3.0, size=k).astype(np.float32)
acts[:, 0] = np.where(np.arange(n) % 2 == 0, 0.5, 0.0).astype(np.float32)  # dense: 7/13 tokens
acts[:, 1] = 0.0
acts[2, 1] = 1.25  # fires on 1/13 < 10% of tokens: not dense

x64, h64, a64 = x.astype(np.float64), xhat.astype(np.float64), acts.astype(np.float64)
l0 = float((a64 != 0).sum(axis=1).mean())
l1 = float(np.abs(a64).sum(axis=1).mean())
mse = float(((x64 - h64) ** 2).sum(axis=1).mean() / d_in)
total_var = float((x64 ** 2).sum(axis=1).mean() - (x64.mean(axis=0) ** 2).sum())
# the same total variance, computed as the mean squared distance from the mean (cross-check)
total_var_centered = float(((x64 - x64.mean(axis=0)) ** 2).sum(axis=1).mean())
assert abs(total_var - total_var_centered) < 1e-6 * total_var_centered
explained_variance = 1.0 - float(((x64 - h64) ** 2).sum(axis=1).mean()) / total_var_centered
nx = np.linalg.norm(x64, axis=1)
nh = np.linalg.norm(h64, axis=1)
keep = nx > 0  # every token here; the zero-input edge case is a hand-computed Java test
cos = (x64 * h64).sum(axis=1) / (nx * nh)
cossim = float(cos[keep].mean())
l2_ratio = float((nh[keep] / nx[keep]).mean())
fires = (a64 != 0).sum(axis=0)
dead = int((fires == 0).sum())
dense = int((fires / n > 0.10).sum())
pos = np.clip(np.log10(fires / n + 1e-10), -10.0, 0.0)
edges = np.linspace(-10.0, 0.0, 21)
counts, _ = np.histogram(pos, bins=edges)

# CSR codes, per token sorted by value descending then index ascending
row_start, indices, values = [0], [], []
for t in range(n):
    nz = [j for j in range(d_sae) if acts[t, j] != 0]
    nz.sort(key=lambda j: (-acts[t, j], j))
    indices += nz
    values += [float(acts[t, j]) for j in nz]
    row_start.append(len(indices))

# ---- next-token CE / KL ---------------------------------------------------------------------
m, vocab = 7, 6
targets = rng.integers(0, vocab, size=m)
clean = (rng.normal(size=(m, vocab)) * 2).astype(np.float32)
clean[np.arange(m), targets] += 3.0  # the clean model mostly predicts well
sae = (clean + 0.5 * rng.normal(size=(m, vocab))).astype(np.float32)
zero = rng.normal(size=(m, vocab)).astype(np.float32)


def log_softmax(z):
    z = z.astype(np.float64)
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


lc, ls, lz = log_softmax(clean), log_softmax(sae), log_softmax(zero)
ce = lambda lp: float(-lp[np.arange(m), targets].mean())
kl = lambda lp: float((np.exp(lc) * (lc - lp)).sum(axis=1).mean())
ce_clean, ce_sae, ce_zero = ce(lc), ce(ls), ce(lz)
kl_sae, kl_zero = kl(ls), kl(lz)

doc = {
    "recon": {
        "n": n, "d_in": d_in, "d_sae": d_sae,
        "x": [float(v) for v in x.ravel()],
        "xhat": [float(v) for v in xhat.ravel()],
        "row_start": row_start, "indices": indices, "values": values,
        "expected": {
            "l0": l0, "l1": l1, "mse": mse, "explained_variance": explained_variance,
            "cossim": cossim, "l2_ratio": l2_ratio, "dead_features": dead,
            "dense_features": dense, "density_counts": [int(c) for c in counts],
        },
    },
    "next_token": {
        "n": m, "vocab": vocab,
        "clean": [float(v) for v in clean.ravel()],
        "sae": [float(v) for v in sae.ravel()],
        "zero": [float(v) for v in zero.ravel()],
        "targets": [int(v) for v in targets],
        "expected": {
            "ce_clean": ce_clean, "ce_sae": ce_sae, "ce_zero": ce_zero,
            "kl_sae": kl_sae, "kl_zero": kl_zero,
            "ce_loss_score": (ce_zero - ce_sae) / (ce_zero - ce_clean),
            "kl_score": (kl_zero - kl_sae) / kl_zero,
        },
    },
}
with open(OUT, "w") as f:
    json.dump(doc, f, indent=1)
print("wrote", OUT)
print(json.dumps({k: doc[k]["expected"] for k in doc}, indent=1))
