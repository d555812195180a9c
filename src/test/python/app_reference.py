#!/usr/bin/env python3
"""Reference numbers for the app's view models (org.saescope.app), computed in float64 with the
independent PyTorch forward of lm_golden.py on the gpt2-tiny checkpoint and its ReLU SAE.

Nothing here comes from the Java code. It writes src/test/resources/app/prompt_reference.json:
  tokens                 the prompt's token ids (lm_golden.PROMPT)
  acts                   [T][S] SAE feature activations relu((x - b_dec) W_enc + b_enc) at blocks.0.hook_resid_post
  loss_effects           {feature: mean CE with the feature set to 0 at every position - clean mean CE},
                         for every feature active somewhere in the prompt (SetFeature keeps the SAE error)
  steer                  greedy continuations of STEER_STEPS tokens: plain, with x += s * W_dec[f] at the
                         SAE hook on every position ("add"), and with the feature clamped to v ("clamp")
Run once:  /usr/bin/python3 src/test/python/app_reference.py
"""
import json
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import lm_golden as lg  # noqa: E402

LM = os.path.join(HERE, "..", "resources", "lm", "gpt2-tiny")
OUT = os.path.join(HERE, "..", "resources", "app", "prompt_reference.json")
STEER_STEPS = 6
ADD_STRENGTH = 6.0
CLAMP_VALUE = 5.0

NP = {"F32": np.float32, "I64": np.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = torch.from_numpy(np.frombuffer(data[a:b], dtype=NP[v["dtype"]]).reshape(v["shape"]).copy())
    return out


def greedy(w, tokens, edits, steps):
    seq = list(tokens)
    for _ in range(steps):
        seq.append(int(lg.gpt2_forward(w, seq, lg.Hooks(edits))[-1].argmax()))
    return seq[len(tokens):]


def main():
    w = {k: v.to(torch.float64) for k, v in read_safetensors(os.path.join(LM, "model.safetensors")).items()}
    gold = read_safetensors(os.path.join(LM, "golden.safetensors"))
    sae = {k: gold[k].to(torch.float64) for k in ["sae.W_enc", "sae.b_enc", "sae.W_dec", "sae.b_dec"]}
    tokens = [int(t) for t in gold["tokens"]]

    h = lg.Hooks()
    logits = lg.gpt2_forward(w, tokens, h)
    clean = float(lg.cross_entropy(logits, tokens).mean())
    acts = lg.sae_encode(sae, h.cache[lg.SAE_HOOK])
    active = sorted({int(f) for f in torch.nonzero(acts > 0)[:, 1]})
    effects = {}
    for f in active:
        ablated = lg.gpt2_forward(w, tokens, lg.Hooks({lg.SAE_HOOK: [lg.sae_set(sae, f, 0.0, None)]}))
        effects[str(f)] = float(lg.cross_entropy(ablated, tokens).mean()) - clean

    feature = int(gold["sae.feature"][0])
    direction = sae["sae.W_dec"][feature]
    plain = greedy(w, tokens, {}, STEER_STEPS)
    added = greedy(w, tokens, {lg.SAE_HOOK: [lg.add_direction(direction, ADD_STRENGTH, None)]}, STEER_STEPS)
    clamped = greedy(w, tokens, {lg.SAE_HOOK: [lg.sae_set(sae, feature, CLAMP_VALUE, None)]}, STEER_STEPS)
    assert added != plain and clamped != plain, "steering must change the continuation for the test to mean anything"

    ref = {"prompt": lg.PROMPT, "tokens": tokens, "hook": lg.SAE_HOOK, "clean_loss": clean,
           "acts": [[float(v) for v in row] for row in acts],
           "loss_effects": effects,
           "steer": {"feature": feature, "steps": STEER_STEPS, "plain": plain,
                     "add": {"strength": ADD_STRENGTH, "tokens": added},
                     "clamp": {"value": CLAMP_VALUE, "tokens": clamped}}}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(ref, f, indent=1)
    print(f"T={len(tokens)} active features={len(active)} feature={feature} plain={plain} add={added} clamp={clamped}")


if __name__ == "__main__":
    main()
