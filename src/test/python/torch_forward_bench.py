#!/usr/bin/env python3
"""PyTorch baseline for `saescope bench forward`: one full forward pass (logits for every token) of a
random-weight GPT-2-small or Pythia-70m-shaped model, in plain torch modules (no transformers), f32 on CPU.

The same work as the Java side: embeddings, per block LayerNorm -> fused qkv linear -> causal softmax
attention -> output linear, LayerNorm -> MLP (GELU tanh for GPT-2, exact GELU for NeoX), residuals
(serial for GPT-2, parallel for Pythia, with rotary on 25% of each head for Pythia), final LayerNorm,
unembedding. Prints one JSON object with the same keys as `saescope bench forward --json`.

    OPENBLAS_CORETYPE=Cooperlake /usr/bin/python3 src/test/python/torch_forward_bench.py --config gpt2-small --tokens 128
(Debian's torch uses OpenBLAS 0.3.21, which does not recognise newer Xeons without that variable.)

Threads: Debian's torch runs its matrix products in OpenBLAS's own thread pool, which
torch.set_num_threads does not control; OpenBLAS reads OPENBLAS_NUM_THREADS when torch is imported.
Giving both torch and OpenBLAS every core oversubscribes the CPU and is slower than torch on one
thread with OpenBLAS on every core (on 2 cores: 0.36-0.57 s against 0.19-0.24 s for gpt2-small,
128 tokens), so the defaults are --threads 1 --blas-threads <all cores>, the fastest setting found.
For a one-core comparison use --threads 1 --blas-threads 1.
"""
import argparse
import json
import math
import os
import time

ARGS = argparse.ArgumentParser()
ARGS.add_argument("--config", choices=["gpt2-small", "pythia-70m"], default="gpt2-small")
ARGS.add_argument("--tokens", type=int, default=128)
ARGS.add_argument("--reps", type=int, default=5)
ARGS.add_argument("--warmup", type=int, default=2)
ARGS.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default: 1)")
ARGS.add_argument("--blas-threads", type=int, default=os.cpu_count(), help="OpenBLAS threads (default: one per CPU)")
if __name__ == "__main__":
    A = ARGS.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = str(A.blas_threads)  # must be set before torch loads OpenBLAS

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

CONFIGS = {
    "gpt2-small": dict(layers=12, d=768, heads=12, mlp=3072, vocab=50257, ctx=1024, rotary_pct=0.0, parallel=False,
                       act="tanh", pos_embed=True, tied=True),
    "pythia-70m": dict(layers=6, d=512, heads=8, mlp=2048, vocab=50304, ctx=2048, rotary_pct=0.25, parallel=True,
                       act="none", pos_embed=False, tied=False),
}


class Block(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["d"]
        self.c = c
        self.ln1, self.ln2 = torch.nn.LayerNorm(d), torch.nn.LayerNorm(d)
        self.qkv, self.out = torch.nn.Linear(d, 3 * d), torch.nn.Linear(d, d)
        self.up, self.down = torch.nn.Linear(d, c["mlp"]), torch.nn.Linear(c["mlp"], d)

    def attn(self, x, cos, sin):
        t, d, h = x.shape[0], self.c["d"], self.c["heads"]
        dh = d // h
        q, k, v = self.qkv(x).view(t, 3, h, dh).permute(1, 2, 0, 3)  # [H, t, dh] each
        if cos is not None:
            q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        s = (q / math.sqrt(dh)) @ k.transpose(1, 2)
        s = s + torch.full((t, t), float("-inf")).triu(1)
        return self.out((s.softmax(-1) @ v).transpose(0, 1).reshape(t, d))

    def mlp(self, x):
        return self.down(F.gelu(self.up(x), approximate=self.c["act"]))

    def forward(self, x, cos, sin):
        if self.c["parallel"]:
            return x + self.attn(self.ln1(x), cos, sin) + self.mlp(self.ln2(x))
        x = x + self.attn(self.ln1(x), cos, sin)
        return x + self.mlp(self.ln2(x))


def rotate(x, cos, sin):
    r = cos.shape[-1]
    xr, xp = x[..., :r], x[..., r:]
    rot = torch.cat([-xr[..., r // 2:], xr[..., :r // 2]], -1)
    return torch.cat([xr * cos + rot * sin, xp], -1)


class Model(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embed = torch.nn.Embedding(c["vocab"], c["d"])
        self.pos = torch.nn.Embedding(c["ctx"], c["d"]) if c["pos_embed"] else None
        self.blocks = torch.nn.ModuleList(Block(c) for _ in range(c["layers"]))
        self.ln_f = torch.nn.LayerNorm(c["d"])
        self.unembed = None if c["tied"] else torch.nn.Linear(c["d"], c["vocab"], bias=False)
        r = int(c["d"] // c["heads"] * c["rotary_pct"])
        if r:
            inv = 1.0 / (10000 ** (torch.arange(0, r, 2).float() / r))
            f = torch.outer(torch.arange(c["ctx"]).float(), inv)
            emb = torch.cat([f, f], -1)
            self.cos, self.sin = emb.cos(), emb.sin()
        else:
            self.cos = self.sin = None

    def forward(self, ids):
        t = ids.shape[0]
        x = self.embed(ids)
        if self.pos is not None:
            x = x + self.pos.weight[:t]
        cos = None if self.cos is None else self.cos[:t]
        sin = None if self.sin is None else self.sin[:t]
        for b in self.blocks:
            x = b(x, cos, sin)
        x = self.ln_f(x)
        return x @ self.embed.weight.T if self.unembed is None else self.unembed(x)


def flops(c, t):  # the same count as org.saescope.lm.ForwardCost
    d = c["d"]
    return c["layers"] * (2 * t * (4 * d * d + 2 * d * c["mlp"]) + 4 * t * t * d) + 2 * t * d * c["vocab"]


def main(a):
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    c = CONFIGS[a.config]
    model = Model(c).eval()
    with torch.no_grad():
        for prm in model.parameters():
            prm.uniform_(-0.02, 0.02)
        ids = torch.randint(0, c["vocab"], (a.tokens,))
        for _ in range(a.warmup):
            model(ids)
        times = []
        for _ in range(a.reps):
            s = time.perf_counter()
            model(ids)
            times.append(time.perf_counter() - s)
    times.sort()
    median = times[len(times) // 2]
    print(json.dumps(dict(impl="torch-" + torch.__version__, op="forward", config=a.config, n_layers=c["layers"],
                          d_model=c["d"], vocab_size=c["vocab"], threads=max(torch.get_num_threads(), a.blas_threads),
                          torch_threads=torch.get_num_threads(), blas_threads=a.blas_threads, tokens=a.tokens,
                          reps=a.reps, best_s=times[0], median_s=median, tokens_per_s=a.tokens / median,
                          gflops=flops(c, a.tokens) / median / 1e9)))


if __name__ == "__main__":
    main(A)
