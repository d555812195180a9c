#!/usr/bin/env python3
"""Golden fixtures for org.saescope.lm: tiny random-weight GPT-2 and GPT-NeoX checkpoints in the
Hugging Face layout, and the logits / hook activations an independent PyTorch implementation
computes for them.

Independent means: nothing here is derived from the Java code. The forward passes below are written
from the Hugging Face modelling code (modeling_gpt2.py, modeling_gpt_neox.py) and the TransformerLens
hook definitions, in float64, from the weights exactly as stored (f16/bf16 rounded first).
The tokenizer is a byte-level BPE trained here on a few sentences; its ids come from this script's own
BPE encoder (the GPT-2 algorithm), so the Java side (DJL / HF tokenizers) is checked against it too.

Run once with torch 1.13 + numpy (no safetensors / transformers needed):
    /usr/bin/python3 src/test/python/lm_golden.py
It rewrites src/test/resources/lm/. Checkpoints written:
  gpt2-tiny             GPT-2, keys without prefix, f32, one file (+ the attn.bias mask buffers real GPT-2 files carry)
  gpt2-tiny-sharded     GPT-2, keys with "transformer." prefix, bf16, two shards + model.safetensors.index.json
  pythia-tiny-parallel  GPT-NeoX, use_parallel_residual=true,  rotary_pct=0.25, f16
  pythia-tiny-serial    GPT-NeoX, use_parallel_residual=false, rotary_pct=0.5,  bf16, two shards
Each folder gets golden.safetensors with:
  tokens [T] i64, logits [T,V], one [T,d] tensor per hook (named by the hook),
  steer.dir_a / steer.dir_b [d], steer.logits [T,V], steer.blocks.1.hook_resid_post [T,d], ce [T-1], steer.ce [T-1],
  greedy [N] i64 (greedy continuation, recomputed without cache each step), greedy.margin [N] (top1 - top2 logit),
  and for gpt2-tiny / pythia-tiny-parallel a ReLU SAE on blocks.0.hook_resid_post (sae.W_enc [d,S], sae.b_enc,
  sae.W_dec [S,d], sae.b_dec) with sae.replace.logits, sae.set.logits, sae.zero.logits (see SAE_RUNS).
"""
import json
import math
import os
import re
import struct
from collections import Counter

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "lm")

D, N_LAYERS, N_HEADS, D_MLP, N_CTX = 32, 2, 4, 64, 32
PROMPT = "The cat sat on the mat, and the dog"
GREEDY_STEPS = 6

# Two interventions at once (the steered run): (hook, direction key, strength, positions or None = all)
STEER = [("blocks.0.hook_attn_out", "steer.dir_a", 2.5, [1, 3]),
         ("blocks.1.hook_resid_pre", "steer.dir_b", -1.5, None)]
SAE_HOOK = "blocks.0.hook_resid_post"
SAE_D = 48
SET_VALUE, SET_POSITIONS = 4.0, [2, 5]

# ----------------------------------------------------------------------------- tokenizer

def bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode map (same order as its vocab ids 0..255)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_ENC = bytes_to_unicode()
# GPT-2's pre-tokenizer pattern, with \p{L} / \p{N} spelled for Python's re (enough for ASCII text).
PAT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")
CORPUS = ("The cat sat on the mat. The dog sat on the log. A cat and a dog met on the mat, "
          "and the cat ran. The dog ran to the cat. Then the mat was the cat's and the log was the dog's.")
N_MERGES = 40
EOS = "<|endoftext|>"


def pretokenize(text):
    return ["".join(BYTE_ENC[b] for b in w.encode("utf-8")) for w in PAT.findall(text)]


def train_bpe():
    words = Counter(tuple(w) for w in pretokenize(CORPUS))
    merges = []
    for _ in range(N_MERGES):
        pairs = Counter()
        for w, c in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] += c
        if not pairs:  # every word of the corpus is a single token already
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], [-ord(ch) for ch in kv[0][0] + kv[0][1]]))[0]
        merges.append(best)
        new = Counter()
        for w, c in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            new[tuple(out)] += c
        words = new
    return merges


def bpe_word(word, ranks):
    """GPT-2's reference BPE: repeatedly merge the lowest-ranked adjacent pair."""
    w = list(word)
    while len(w) > 1:
        pairs = [(ranks.get((a, b), math.inf), i) for i, (a, b) in enumerate(zip(w, w[1:]))]
        r, _ = min(pairs)
        if r == math.inf:
            break
        a, b = [p for p in ranks if ranks[p] == r][0]
        out, i = [], 0
        while i < len(w):
            if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                out.append(a + b)
                i += 2
            else:
                out.append(w[i])
                i += 1
        w = out
    return w


def build_tokenizer():
    merges = train_bpe()
    vocab = {}
    for ch in BYTE_ENC.values():
        vocab[ch] = len(vocab)
    for a, b in merges:
        if a + b not in vocab:
            vocab[a + b] = len(vocab)
    eos_id = len(vocab)
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": eos_id, "content": EOS, "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": True, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": [a + " " + b for a, b in merges]},
    }
    ranks = {m: i for i, m in enumerate(merges)}

    def encode(text):
        return [vocab[t] for w in pretokenize(text) for t in bpe_word(w, ranks)]

    return tok, encode, eos_id + 1, eos_id

# ----------------------------------------------------------------------------- safetensors by hand

ST_DTYPE = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}


def write_safetensors(path, tensors):
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        t = t.contiguous()
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": ST_DTYPE[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    return off

# ----------------------------------------------------------------------------- random weights

def randn(g, *shape, std=1.0):
    return torch.randn(*shape, generator=g, dtype=torch.float32) * std


def ln_params(g):
    return 1.0 + randn(g, D, std=0.1), randn(g, D, std=0.1)


def gpt2_weights(g, vocab):
    """HF GPT2 names (no prefix); Conv1D weights stored [in, out]."""
    w = {"wte.weight": randn(g, vocab, D, std=0.5), "wpe.weight": randn(g, N_CTX, D, std=0.3)}
    for l in range(N_LAYERS):
        p = f"h.{l}."
        w[p + "ln_1.weight"], w[p + "ln_1.bias"] = ln_params(g)
        w[p + "attn.c_attn.weight"] = randn(g, D, 3 * D, std=D ** -0.5)
        w[p + "attn.c_attn.bias"] = randn(g, 3 * D, std=0.1)
        w[p + "attn.c_proj.weight"] = randn(g, D, D, std=D ** -0.5)
        w[p + "attn.c_proj.bias"] = randn(g, D, std=0.1)
        w[p + "ln_2.weight"], w[p + "ln_2.bias"] = ln_params(g)
        w[p + "mlp.c_fc.weight"] = randn(g, D, D_MLP, std=D ** -0.5)
        w[p + "mlp.c_fc.bias"] = randn(g, D_MLP, std=0.1)
        w[p + "mlp.c_proj.weight"] = randn(g, D_MLP, D, std=D_MLP ** -0.5)
        w[p + "mlp.c_proj.bias"] = randn(g, D, std=0.1)
    w["ln_f.weight"], w["ln_f.bias"] = ln_params(g)
    return w


def neox_weights(g, vocab):
    """HF GPTNeoX names; nn.Linear weights stored [out, in]; untied embed_out."""
    w = {"gpt_neox.embed_in.weight": randn(g, vocab, D, std=0.5)}
    for l in range(N_LAYERS):
        p = f"gpt_neox.layers.{l}."
        w[p + "input_layernorm.weight"], w[p + "input_layernorm.bias"] = ln_params(g)
        w[p + "post_attention_layernorm.weight"], w[p + "post_attention_layernorm.bias"] = ln_params(g)
        w[p + "attention.query_key_value.weight"] = randn(g, 3 * D, D, std=D ** -0.5)
        w[p + "attention.query_key_value.bias"] = randn(g, 3 * D, std=0.1)
        w[p + "attention.dense.weight"] = randn(g, D, D, std=D ** -0.5)
        w[p + "attention.dense.bias"] = randn(g, D, std=0.1)
        w[p + "mlp.dense_h_to_4h.weight"] = randn(g, D_MLP, D, std=D ** -0.5)
        w[p + "mlp.dense_h_to_4h.bias"] = randn(g, D_MLP, std=0.1)
        w[p + "mlp.dense_4h_to_h.weight"] = randn(g, D, D_MLP, std=D_MLP ** -0.5)
        w[p + "mlp.dense_4h_to_h.bias"] = randn(g, D, std=0.1)
    w["gpt_neox.final_layer_norm.weight"], w["gpt_neox.final_layer_norm.bias"] = ln_params(g)
    w["embed_out.weight"] = randn(g, vocab, D, std=D ** -0.5)
    return w

# ----------------------------------------------------------------------------- reference forward (float64)

def layer_norm(x, w, b, eps=1e-5):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + eps) * w + b


def gelu_new(x):  # HF "gelu_new" (GPT-2): tanh approximation
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def gelu_erf(x):  # HF "gelu" (GPT-NeoX / Pythia): exact
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def causal_attention(q, k, v):
    """q, k, v: [H, T, dh]. Softmax(q k^T / sqrt(dh) + causal mask) v -> [T, H*dh]."""
    h, t, dh = q.shape
    s = q @ k.transpose(1, 2) / math.sqrt(dh)
    s = s.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), float("-inf"))
    return (torch.softmax(s, -1) @ v).transpose(0, 1).reshape(t, h * dh)


class Hooks:
    """Applies interventions at a hook (in order), then records the value the model goes on with."""

    def __init__(self, edits=None):
        self.edits = edits or {}
        self.cache = {}

    def __call__(self, name, x):
        for fn in self.edits.get(name, []):
            x = fn(x)
        self.cache[name] = x.clone()
        return x


def gpt2_forward(w, tokens, hooks):
    t = len(tokens)
    x = hooks("hook_embed", w["wte.weight"][tokens]) + hooks("hook_pos_embed", w["wpe.weight"][:t])
    for l in range(N_LAYERS):
        p = f"h.{l}."
        x = hooks(f"blocks.{l}.hook_resid_pre", x)
        a = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"])
        qkv = a @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]  # Conv1D: x @ W[in,out] + b
        q, k, v = (m.reshape(t, N_HEADS, D // N_HEADS).transpose(0, 1) for m in qkv.split(D, -1))
        attn = causal_attention(q, k, v) @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        attn = hooks(f"blocks.{l}.hook_attn_out", attn)
        x = hooks(f"blocks.{l}.hook_resid_mid", x + attn)
        m = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"])
        m = gelu_new(m @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"]) @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
        m = hooks(f"blocks.{l}.hook_mlp_out", m)
        x = hooks(f"blocks.{l}.hook_resid_post", x + m)
    x = hooks("ln_final.hook_normalized", layer_norm(x, w["ln_f.weight"], w["ln_f.bias"]))
    return x @ w["wte.weight"].T  # tied lm_head


def rotary(x, n_rot, base=10000.0):
    """GPT-NeoX rotary on the first n_rot dims of x [H, T, dh] (rotate_half convention)."""
    t = x.shape[1]
    inv_freq = 1.0 / (base ** (torch.arange(0, n_rot, 2, dtype=torch.float64) / n_rot))
    freqs = torch.outer(torch.arange(t, dtype=torch.float64), inv_freq)
    emb = torch.cat([freqs, freqs], -1)
    cos, sin = emb.cos(), emb.sin()
    xr, xp = x[..., :n_rot], x[..., n_rot:]
    x1, x2 = xr[..., : n_rot // 2], xr[..., n_rot // 2:]
    rot = torch.cat([-x2, x1], -1)
    return torch.cat([xr * cos + rot * sin, xp], -1)


def neox_forward(w, tokens, hooks, rotary_pct, parallel):
    t, dh = len(tokens), D // N_HEADS
    n_rot = int(dh * rotary_pct)
    x = hooks("hook_embed", w["gpt_neox.embed_in.weight"][tokens])
    for l in range(N_LAYERS):
        p = f"gpt_neox.layers.{l}."
        x = hooks(f"blocks.{l}.hook_resid_pre", x)
        a = layer_norm(x, w[p + "input_layernorm.weight"], w[p + "input_layernorm.bias"])
        qkv = a @ w[p + "attention.query_key_value.weight"].T + w[p + "attention.query_key_value.bias"]
        qkv = qkv.reshape(t, N_HEADS, 3 * dh).transpose(0, 1)  # per head: [q | k | v]
        q, k, v = qkv[..., :dh], qkv[..., dh:2 * dh], qkv[..., 2 * dh:]
        q, k = rotary(q, n_rot), rotary(k, n_rot)
        attn = causal_attention(q, k, v) @ w[p + "attention.dense.weight"].T + w[p + "attention.dense.bias"]
        attn = hooks(f"blocks.{l}.hook_attn_out", attn)

        def mlp(h):
            h = layer_norm(h, w[p + "post_attention_layernorm.weight"], w[p + "post_attention_layernorm.bias"])
            h = gelu_erf(h @ w[p + "mlp.dense_h_to_4h.weight"].T + w[p + "mlp.dense_h_to_4h.bias"])
            return h @ w[p + "mlp.dense_4h_to_h.weight"].T + w[p + "mlp.dense_4h_to_h.bias"]

        if parallel:  # x + attn(ln1(x)) + mlp(ln2(x)); TransformerLens has no hook_resid_mid here
            m = hooks(f"blocks.{l}.hook_mlp_out", mlp(x))
            x = hooks(f"blocks.{l}.hook_resid_post", x + attn + m)
        else:
            x = hooks(f"blocks.{l}.hook_resid_mid", x + attn)
            m = hooks(f"blocks.{l}.hook_mlp_out", mlp(x))
            x = hooks(f"blocks.{l}.hook_resid_post", x + m)
    x = hooks("ln_final.hook_normalized",
              layer_norm(x, w["gpt_neox.final_layer_norm.weight"], w["gpt_neox.final_layer_norm.bias"]))
    return x @ w["embed_out.weight"].T

# ----------------------------------------------------------------------------- interventions

def add_direction(direction, strength, positions):
    def fn(x):
        x = x.clone()
        rows = range(x.shape[0]) if positions is None else positions
        for r in rows:
            x[r] += strength * direction
        return x
    return fn


def sae_encode(sae, x):
    return torch.relu((x - sae["sae.b_dec"]) @ sae["sae.W_enc"] + sae["sae.b_enc"])


def sae_replace(sae):
    return lambda x: sae_encode(sae, x) @ sae["sae.W_dec"] + sae["sae.b_dec"]


def sae_set(sae, feature, value, positions):
    """x + (f' - f) * W_dec[feature] on the chosen rows (the error term is kept)."""
    def fn(x):
        x = x.clone()
        f = sae_encode(sae, x)[:, feature]
        rows = range(x.shape[0]) if positions is None else positions
        for r in rows:
            x[r] += (value - f[r]) * sae["sae.W_dec"][feature]
        return x
    return fn


def cross_entropy(logits, tokens):
    lp = torch.log_softmax(logits[:-1], -1)
    return -lp[torch.arange(len(tokens) - 1), torch.tensor(tokens[1:])]

# ----------------------------------------------------------------------------- checkpoints

def stored(w, dtype):
    """Round to the stored dtype, then widen to float64 for the reference computation."""
    return {k: v.to(dtype) for k, v in w.items()}, {k: v.to(dtype).to(torch.float64) for k, v in w.items()}


def write_checkpoint(name, config, w_stored, tokenizer, shards=None, extra=None):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(d, "tokenizer.json"), "w") as f:
        json.dump(tokenizer, f, ensure_ascii=False)
    tensors = dict(w_stored)
    tensors.update(extra or {})
    if shards is None:
        write_safetensors(os.path.join(d, "model.safetensors"), tensors)
        return
    names = list(tensors)
    parts = [names[:len(names) // 2], names[len(names) // 2:]]
    weight_map, total = {}, 0
    for i, part in enumerate(parts):
        fn = f"model-{i + 1:05d}-of-{len(parts):05d}.safetensors"
        total += write_safetensors(os.path.join(d, fn), {k: tensors[k] for k in part})
        weight_map.update({k: fn for k in part})
    with open(os.path.join(d, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)


def golden(name, forward, tokens, vocab, eos_id, g, with_sae):
    gold = {"tokens": torch.tensor(tokens, dtype=torch.int64)}
    h = Hooks()
    logits = forward(tokens, h)
    gold["logits"] = logits
    gold.update(h.cache)
    gold["ce"] = cross_entropy(logits, tokens)

    dirs = {key: torch.nn.functional.normalize(randn(g, D).double(), dim=0) for _, key, _, _ in STEER}
    edits = {}
    for hook, key, strength, pos in STEER:
        edits.setdefault(hook, []).append(add_direction(dirs[key], strength, pos))
    hs = Hooks(edits)
    steered = forward(tokens, hs)
    gold.update(dirs)
    gold["steer.logits"] = steered
    gold["steer.blocks.1.hook_resid_post"] = hs.cache["blocks.1.hook_resid_post"]
    gold["steer.ce"] = cross_entropy(steered, tokens)

    seq, margins = list(tokens), []
    for _ in range(GREEDY_STEPS):
        last = forward(seq, Hooks())[-1]
        top2 = torch.topk(last, 2).values
        margins.append(float(top2[0] - top2[1]))
        seq.append(int(last.argmax()))
    gold["greedy"] = torch.tensor(seq[len(tokens):], dtype=torch.int64)
    gold["greedy.margin"] = torch.tensor(margins)

    if with_sae:
        sae = {"sae.W_enc": randn(g, D, SAE_D, std=D ** -0.5).double(), "sae.b_enc": randn(g, SAE_D, std=0.1).double(),
               "sae.W_dec": randn(g, SAE_D, D, std=SAE_D ** -0.5).double(), "sae.b_dec": randn(g, D, std=0.1).double()}
        acts = sae_encode(sae, h.cache[SAE_HOOK])
        feature = int(acts.mean(0).argmax())  # the most active feature, so that zeroing it matters
        gold.update(sae)
        gold["sae.feature"] = torch.tensor([feature], dtype=torch.int64)
        gold["sae.replace.logits"] = forward(tokens, Hooks({SAE_HOOK: [sae_replace(sae)]}))
        gold["sae.set.logits"] = forward(tokens, Hooks({SAE_HOOK: [sae_set(sae, feature, SET_VALUE, SET_POSITIONS)]}))
        gold["sae.zero.logits"] = forward(tokens, Hooks({SAE_HOOK: [sae_set(sae, feature, 0.0, None)]}))
        print(f"  sae feature {feature}: mean act {float(acts[:, feature].mean()):.3f}, "
              f"active on {int((acts[:, feature] > 0).sum())}/{len(tokens)} tokens")

    out = {k: (v if v.dtype == torch.int64 else v.to(torch.float32)) for k, v in gold.items()}
    write_safetensors(os.path.join(OUT, name, "golden.safetensors"), out)
    print(f"  {name}: T={len(tokens)} greedy={gold['greedy'].tolist()} min greedy margin={min(margins):.4f} "
          f"ce mean={float(gold['ce'].mean()):.4f} steered ce mean={float(gold['steer.ce'].mean()):.4f}")


def main():
    torch.manual_seed(0)
    tokenizer, encode, vocab, eos_id = build_tokenizer()
    tokens = encode(PROMPT)
    print(f"vocab {vocab}, prompt tokens {tokens}")

    # --- GPT-2, no prefix, f32, one file, with the attention mask buffers real GPT-2 checkpoints carry
    g = torch.Generator().manual_seed(1)
    cfg = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": vocab, "n_positions": N_CTX,
           "n_embd": D, "n_layer": N_LAYERS, "n_head": N_HEADS, "n_inner": D_MLP, "activation_function": "gelu_new",
           "layer_norm_epsilon": 1e-5, "bos_token_id": eos_id, "eos_token_id": eos_id, "torch_dtype": "float32"}
    ws, w = stored(gpt2_weights(g, vocab), torch.float32)
    buffers = {f"h.{l}.attn.bias": torch.tril(torch.ones(N_CTX, N_CTX)).view(1, 1, N_CTX, N_CTX) for l in range(N_LAYERS)}
    write_checkpoint("gpt2-tiny", cfg, ws, tokenizer, extra=buffers)
    golden("gpt2-tiny", lambda t, h: gpt2_forward(w, t, h), tokens, vocab, eos_id, g, True)

    # --- GPT-2, "transformer." prefix, bf16, two shards
    g = torch.Generator().manual_seed(2)
    cfg = dict(cfg, torch_dtype="bfloat16")
    ws, w = stored(gpt2_weights(g, vocab), torch.bfloat16)
    write_checkpoint("gpt2-tiny-sharded", cfg, {"transformer." + k: v for k, v in ws.items()}, tokenizer, shards=2)
    golden("gpt2-tiny-sharded", lambda t, h: gpt2_forward(w, t, h), tokens, vocab, eos_id, g, False)

    # --- GPT-NeoX (Pythia), parallel residual, rotary_pct 0.25, f16
    for name, pct, parallel, dtype, shards in [("pythia-tiny-parallel", 0.25, True, torch.float16, None),
                                               ("pythia-tiny-serial", 0.5, False, torch.bfloat16, 2)]:
        g = torch.Generator().manual_seed(3 if parallel else 4)
        cfg = {"model_type": "gpt_neox", "architectures": ["GPTNeoXForCausalLM"], "vocab_size": vocab,
               "max_position_embeddings": N_CTX, "hidden_size": D, "num_hidden_layers": N_LAYERS,
               "num_attention_heads": N_HEADS, "intermediate_size": D_MLP, "hidden_act": "gelu",
               "rotary_pct": pct, "rotary_emb_base": 10000, "use_parallel_residual": parallel,
               "layer_norm_eps": 1e-5, "tie_word_embeddings": False, "bos_token_id": eos_id,
               "eos_token_id": eos_id, "torch_dtype": "float16" if dtype == torch.float16 else "bfloat16"}
        ws, w = stored(neox_weights(g, vocab), dtype)
        write_checkpoint(name, cfg, ws, tokenizer, shards=shards)
        golden(name, (lambda w_, p_, par_: lambda t, h: neox_forward(w_, t, h, p_, par_))(w, pct, parallel),
               tokens, vocab, eos_id, g, parallel)


if __name__ == "__main__":
    main()
