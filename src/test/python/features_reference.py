#!/usr/bin/env python3
"""Reference values for org.saescope.features (the feature index), computed independently in numpy
from the definitions in docs/formats/feature-index.md, not from the Java code.

Run once:  /usr/bin/python3 src/test/python/features_reference.py
Writes src/test/resources/features/stats_reference.json:
  * "stats": synthetic stage-1 data (windows with token ids, per-token concept ids, a genre concept per
    window, and sparse feature activations) and what stage 2 must compute from it: firing count,
    density, max, mean (over firing tokens), histogram (equal bins over [0, max], bin = floor(a/max*B)
    clamped), band counts, top examples (act desc, then window, then position), concept matches
    (precision/recall/F1 of "fires" vs "token has concept", best F1 first, ties to the lower concept id),
    and features per token (count desc, mean act desc, feature asc).
  * "weights": a random decoder W_dec and its top-10 cosine neighbours (self excluded), and its logit
    effects through the gpt2-tiny fixture's final LayerNorm gain and unembedding:
    ((u - mean(u)) * ln_f.weight) @ wte.T, top and bottom 10.
"""
import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "resources")
OUT = os.path.join(RES, "features", "stats_reference.json")

rng = np.random.default_rng(20240605)

# ------------------------------------------------------------------ stage 2 statistics
D_SAE, N_WINDOWS, VOCAB, N_POS, BINS, BANDS, TOP_N = 7, 14, 12, 4, 4, 3, 3
genres = [N_POS, N_POS + 1]           # concept ids 0..3 are POS tags, 4..5 genres
windows = []
for w in range(N_WINDOWS):
    n = int(rng.integers(3, 9))
    tokens = rng.integers(0, VOCAB, n).tolist()
    concepts = [int(c) if c < N_POS else 0xFFFF for c in rng.integers(0, N_POS + 1, n)]
    genre = int(genres[w % 2])
    acts = np.zeros((n, D_SAE), dtype=np.float32)
    for t in range(n):
        for f in range(D_SAE):
            if rng.random() < 0.35 + 0.08 * f:
                # quantised so that ties occur and the tie rules are exercised
                acts[t, f] = np.float32(round(float(rng.gamma(2.0, 1.0 + f)), 1) + 0.1)
    windows.append({"tokens": tokens, "concepts": concepts, "genre": genre, "acts": acts})

total = sum(len(w["tokens"]) for w in windows)
concept_tokens = np.zeros(N_POS + 2, dtype=np.int64)
for w in windows:
    for c in w["concepts"]:
        if c != 0xFFFF:
            concept_tokens[c] += 1
    concept_tokens[w["genre"]] += len(w["tokens"])

features = []
for f in range(D_SAE):
    occ = [(float(w["acts"][t, f]), wi, t) for wi, w in enumerate(windows) for t in range(len(w["tokens"])) if w["acts"][t, f] > 0]
    a = np.array([o[0] for o in occ], dtype=np.float64)
    mx = float(np.float32(a.max())) if len(a) else 0.0
    hist = [0] * BINS
    bands = [0] * BANDS
    for x in a:
        hist[min(BINS - 1, int(x / mx * BINS))] += 1
        bands[min(BANDS - 1, int(x / mx * BANDS))] += 1
    top = sorted(occ, key=lambda o: (-o[0], o[1], o[2]))[:TOP_N]
    tp = np.zeros(N_POS + 2, dtype=np.int64)
    for (_, wi, t) in occ:
        c = windows[wi]["concepts"][t]
        if c != 0xFFFF:
            tp[c] += 1
        tp[windows[wi]["genre"]] += 1
    matches = []
    for c in range(N_POS + 2):
        if tp[c] == 0:
            continue
        p, r = tp[c] / len(occ), tp[c] / concept_tokens[c]
        matches.append({"concept": c, "tp": int(tp[c]), "precision": p, "recall": r, "f1": 2 * p * r / (p + r)})
    matches.sort(key=lambda m: (-np.float32(m["f1"]), m["concept"]))
    features.append({"fire_count": len(occ), "density": len(occ) / total, "max_act": mx,
                     "mean_act": float(a.mean()) if len(a) else 0.0, "histogram": hist, "band_counts": bands,
                     "top": [[o[1], o[2], o[0]] for o in top], "concepts": matches[:5]})

per_token = {}
for wi, w in enumerate(windows):
    for t, tok in enumerate(w["tokens"]):
        for f in range(D_SAE):
            x = float(w["acts"][t, f])
            if x > 0:
                c = per_token.setdefault(tok, {}).setdefault(f, [0, 0.0])
                c[0] += 1
                c[1] += x
token_features = {}
for tok, fs in per_token.items():
    ranked = sorted(fs.items(), key=lambda kv: (-kv[1][0], -kv[1][1] / kv[1][0], kv[0]))
    token_features[str(tok)] = [[f, c, s / c] for f, (c, s) in ranked[:20]]

stats = {"d_sae": D_SAE, "bins": BINS, "bands": BANDS, "top_n": TOP_N, "n_pos": N_POS, "total_tokens": total,
         "windows": [{"tokens": w["tokens"], "concepts": w["concepts"], "genre": w["genre"],
                      "acts": w["acts"].tolist()} for w in windows],
         "features": features, "token_features": token_features}

# ------------------------------------------------------------------ weight statistics
def read_safetensors(path):
    with open(path, "rb") as fh:
        n = struct.unpack("<Q", fh.read(8))[0]
        header = json.loads(fh.read(n))
        data = fh.read()
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        assert v["dtype"] == "F32", (k, v["dtype"])
        s, e = v["data_offsets"]
        out[k] = np.frombuffer(data[s:e], dtype="<f4").reshape(v["shape"])
    return out

model = read_safetensors(os.path.join(RES, "lm", "gpt2-tiny", "model.safetensors"))
wte = model["wte.weight"].astype(np.float64)          # [V, d]
gain = model["ln_f.weight"].astype(np.float64)        # [d]
S, D = 40, wte.shape[1]
w_dec = (rng.standard_normal((S, D)) / np.sqrt(D)).astype(np.float32)
w_dec[5] = 0.0                                        # a dead decoder row: cosine 0 with everything
w_dec[7] = 2.0 * w_dec[3]                             # a parallel pair: cosine 1

u = w_dec.astype(np.float64)
norms = np.linalg.norm(u, axis=1, keepdims=True)
unit = np.divide(u, norms, out=np.zeros_like(u), where=norms > 0)
cos = unit @ unit.T
neighbours = []
for f in range(S):
    order = sorted((j for j in range(S) if j != f), key=lambda j: (-cos[f, j], j))[:10]
    neighbours.append([[j, float(cos[f, j])] for j in order])

centred = u - u.mean(axis=1, keepdims=True)
logits = (centred * gain) @ wte.T                     # [S, V]
pos = [[[int(j), float(logits[f, j])] for j in sorted(range(logits.shape[1]), key=lambda j: (-logits[f, j], j))[:10]] for f in range(S)]
neg = [[[int(j), float(logits[f, j])] for j in sorted(range(logits.shape[1]), key=lambda j: (logits[f, j], j))[:10]] for f in range(S)]

weights = {"d_sae": S, "d_in": D, "w_dec": w_dec.flatten().tolist(), "neighbours": neighbours,
           "logits_pos": pos, "logits_neg": neg}

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as fh:
    json.dump({"stats": stats, "weights": weights}, fh, separators=(",", ":"))
print("wrote", OUT, os.path.getsize(OUT), "bytes")
