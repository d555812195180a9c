"""Independent reference for org.saescope.train.TrainableSae: three optimiser steps of each
architecture in PyTorch, written from the definitions in SAELens v6's training SAEs
(sae_lens/saes/{standard,topk,jumprelu}_sae.py, TrainingSAE.training_forward_pass, and the
SAETrainer step: clip_grad_norm_(1.0) then Adam) plus Gao et al.'s decoder handling (TopK:
gradient component along each decoder row removed before the step; every row renormalised after).

Run once from the repository root with /usr/bin/python3; rewrites
src/test/resources/train/train_step_reference.json.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "train", "train_step_reference.json")
torch.manual_seed(7)
D_IN, D_SAE, N, K, K_AUX, STEPS = 6, 10, 8, 3, 3, 3
LR, L1, L0, BANDWIDTH, AUX_ALPHA, MAX_NORM = 1e-2, 0.3, 0.05, 0.2, 1.0 / 32, 1.0
DEAD = [1, 4, 7, 8]


def rect(u):
    return ((u > -0.5) & (u < 0.5)).float()


class JumpReLUFn(torch.autograd.Function):
    """f = pre * H(pre - theta); df/dpre = H; df/dtheta = -(theta/eps) K((pre - theta)/eps)."""

    @staticmethod
    def forward(ctx, pre, theta):
        ctx.save_for_backward(pre, theta)
        return pre * (pre > theta).float()

    @staticmethod
    def backward(ctx, g):
        pre, theta = ctx.saved_tensors
        d_pre = (pre > theta).float() * g
        d_theta = (-(theta / BANDWIDTH) * rect((pre - theta) / BANDWIDTH) * g).sum(0)
        return d_pre, d_theta


class StepFn(torch.autograd.Function):
    """H(pre - theta); no gradient to pre; dH/dtheta = -(1/eps) K((pre - theta)/eps)."""

    @staticmethod
    def forward(ctx, pre, theta):
        ctx.save_for_backward(pre, theta)
        return (pre > theta).float()

    @staticmethod
    def backward(ctx, g):
        pre, theta = ctx.saved_tensors
        return None, (-(1.0 / BANDWIDTH) * rect((pre - theta) / BANDWIDTH) * g).sum(0)


def init():
    w_dec = torch.randn(D_SAE, D_IN)
    w_dec = w_dec / w_dec.norm(dim=1, keepdim=True)
    w_enc = (w_dec.T + 0.1 * torch.randn(D_IN, D_SAE)).contiguous()
    b_enc = 0.1 * torch.randn(D_SAE)
    b_dec = 0.2 * torch.randn(D_IN)
    threshold = 0.05 + 0.25 * torch.rand(D_SAE)
    return w_enc, b_enc, w_dec, b_dec, threshold


def losses(arch, p, x, dead):
    sae_in = x - p["b_dec"]
    pre = sae_in @ p["W_enc"] + p["b_enc"]
    if arch == "relu":
        acts = torch.relu(pre)
        x_hat = acts @ p["W_dec"] + p["b_dec"]
        penalty = L1 * (acts * p["W_dec"].norm(dim=1)).sum(-1).mean()
    elif arch == "jumprelu":
        theta = torch.exp(p["log_threshold"])
        acts = JumpReLUFn.apply(pre, theta)
        x_hat = acts @ p["W_dec"] + p["b_dec"]
        penalty = L0 * StepFn.apply(pre, theta).sum(-1).mean()
    else:
        vals, idx = pre.topk(K, dim=-1)
        acts = torch.zeros_like(pre).scatter(-1, idx, torch.relu(vals))
        x_hat = acts @ p["W_dec"] + p["b_dec"]
        n_dead = int(dead.sum())
        k_aux = min(K_AUX, n_dead)
        scale = min(n_dead / K_AUX, 1.0)
        masked = torch.where(dead[None], pre, torch.full_like(pre, -math.inf))
        a_vals, a_idx = masked.topk(k_aux, dim=-1)
        aux_acts = torch.zeros_like(pre).scatter(-1, a_idx, a_vals)
        residual = (x - x_hat).detach()
        penalty = AUX_ALPHA * scale * ((aux_acts @ p["W_dec"] - residual) ** 2).sum(-1).mean()
    mse = ((x_hat - x) ** 2).sum(-1).mean()
    return mse + penalty, mse, penalty, acts, x_hat


def run(arch, w_enc, b_enc, w_dec, b_dec, threshold, batches):
    p = {"W_enc": w_enc.clone(), "b_enc": b_enc.clone(), "W_dec": w_dec.clone(), "b_dec": b_dec.clone()}
    if arch == "jumprelu":
        p["log_threshold"] = torch.log(threshold.clone())
    for v in p.values():
        v.requires_grad_(True)
    order = ["W_enc", "b_enc", "W_dec", "b_dec"] + (["log_threshold"] if arch == "jumprelu" else [])
    opt = torch.optim.Adam([p[n] for n in order], lr=LR, betas=(0.9, 0.999), eps=1e-8)
    dead = torch.zeros(D_SAE, dtype=torch.bool)
    dead[DEAD] = True
    steps = []
    for x in batches:
        loss, mse, penalty, acts, _ = losses(arch, p, x, dead)
        opt.zero_grad()
        loss.backward()
        with torch.no_grad():
            if arch == "topk":
                g = p["W_dec"].grad
                g -= (g * p["W_dec"]).sum(dim=1, keepdim=True) * p["W_dec"]
        torch.nn.utils.clip_grad_norm_([p[n] for n in order], MAX_NORM)
        opt.step()
        with torch.no_grad():
            p["W_dec"] /= p["W_dec"].norm(dim=1, keepdim=True)
        steps.append({"loss": loss.item(), "mse": mse.item(), "penalty": penalty.item(),
                      "l0": (acts > 0).float().sum(-1).mean().item(),
                      "firing": [int(c) for c in (acts > 0).sum(0)]})
    final = {n: [float(v) for v in p[n].detach().reshape(-1)] for n in ["W_enc", "b_enc", "W_dec", "b_dec"]}
    if arch == "jumprelu":
        final["threshold"] = [float(v) for v in torch.exp(p["log_threshold"].detach())]
    return {"steps": steps, "final": final}


w_enc, b_enc, w_dec, b_dec, threshold = init()
batches = [torch.randn(N, D_IN) + 0.3 for _ in range(STEPS)]
doc = {
    "d_in": D_IN, "d_sae": D_SAE, "k": K, "k_aux": K_AUX, "lr": LR, "l1": L1, "l0": L0,
    "bandwidth": BANDWIDTH, "aux_alpha": AUX_ALPHA, "max_grad_norm": MAX_NORM, "dead": DEAD,
    "init": {"W_enc": w_enc.reshape(-1).tolist(), "b_enc": b_enc.tolist(), "W_dec": w_dec.reshape(-1).tolist(),
             "b_dec": b_dec.tolist(), "threshold": threshold.tolist()},
    "batches": [b.reshape(-1).tolist() for b in batches],
}
for arch in ["relu", "jumprelu", "topk"]:
    doc[arch] = run(arch, w_enc, b_enc, w_dec, b_dec, threshold, batches)
    print(arch, [round(s["loss"], 6) for s in doc[arch]["steps"]], [s["l0"] for s in doc[arch]["steps"]])
with open(OUT, "w") as f:
    json.dump(doc, f)
print("wrote", OUT)
