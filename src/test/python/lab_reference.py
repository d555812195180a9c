"""Independent reference for org.saescope.lab: the toy model of superposition and the toy SAE,
written from their definitions and differentiated by torch autograd (float64), plus the
geometry read-outs computed with numpy.

Toy model (Elhage et al. 2022, as in the paper's notebook): h = W x, x' = ReLU(W^T h + b),
loss = mean over batch and features of I_i (x_i - x'_i)^2.
Toy SAE: pre = W_enc (h - b_dec) + b_enc; f = ReLU(pre) (TopK: only the k largest pre);
h_hat = W_dec^T f + b_dec; loss = mean_b ||h_hat - h||^2 + l1 * mean_b sum_j f_j; decoder rows
renormalised to unit norm after every Adam step.

Run once from the repository root with /usr/bin/python3; rewrites
src/test/resources/lab/lab_reference.json.
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "lab", "lab_reference.json")
torch.manual_seed(11)
torch.set_default_dtype(torch.float64)
ADAM_STEPS = 3


def sparse_batch(b, n, p):
    mask = (torch.rand(b, n) < p).double()
    return mask * torch.rand(b, n)


def toy_case():
    n, m, batch, lr = 5, 3, 6, 1e-2
    importance = torch.tensor([0.9 ** i for i in range(n)])
    w0 = torch.randn(m, n) * 0.6
    b0 = torch.randn(n) * 0.2
    batches = [sparse_batch(batch, n, 0.5) for _ in range(ADAM_STEPS)]
    batches[0][0] = 0.0  # an all-zero row: h = 0, only b reaches the output

    def loss_fn(w, b, x):
        h = x @ w.T
        out = torch.relu(h @ w + b)
        return (importance * (x - out) ** 2).mean()

    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    loss = loss_fn(w, b, batches[0])
    loss.backward()
    grads = {"loss": loss.item(), "grad_w": w.grad.flatten().tolist(), "grad_b": b.grad.tolist()}

    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    opt = torch.optim.Adam([w, b], lr=lr)
    steps = []
    for x in batches:
        opt.zero_grad()
        l = loss_fn(w, b, x)
        l.backward()
        opt.step()
        steps.append({"loss": l.item(), "w": w.detach().flatten().tolist(), "b": b.detach().tolist()})
    return {
        "n": n, "m": m, "batch": batch, "lr": lr, "importance": importance.tolist(),
        "w": w0.flatten().tolist(), "b": b0.tolist(),
        "x": [xb.flatten().tolist() for xb in batches],
        "first": grads, "steps": steps,
    }


def geometry_case():
    n, m, d = 6, 3, 4
    w = np.random.default_rng(3).normal(size=(m, n))
    w[:, 4] = 0.0  # a dropped feature: no direction, superposition and dimensionality 0
    atoms = np.random.default_rng(4).normal(size=(d, m))
    gram = w.T @ w
    norms = np.linalg.norm(w, axis=0)
    sup = np.zeros(n)
    dim = np.zeros(n)
    for i in range(n):
        if norms[i] == 0:
            continue
        proj = (w[:, i] / norms[i]) @ w  # (W_hat_i . W_j) for every j
        sup[i] = np.sum(np.delete(proj, i) ** 2)
        dim[i] = norms[i] ** 2 / np.sum(proj ** 2)
    live = norms > 0
    cols = (w[:, live] / norms[live]).T
    unit_atoms = atoms / np.linalg.norm(atoms, axis=1, keepdims=True)
    mmcs = float(np.mean(np.max(cols @ unit_atoms.T, axis=1)))
    return {
        "n": n, "m": m, "d": d, "w": w.flatten().tolist(), "atoms": atoms.flatten().tolist(),
        "gram": gram.flatten().tolist(), "norms": norms.tolist(), "superposition": sup.tolist(),
        "dimensionality": dim.tolist(), "dims_per_feature": float(m / np.sum(w ** 2)), "mmcs": mmcs,
    }


def sae_case(arch, l1, k):
    m, d, batch, lr = 3, 6, 8, 1e-2
    h = torch.randn(batch, m)
    w_dec0 = torch.randn(d, m)
    w_dec0 = w_dec0 / w_dec0.norm(dim=1, keepdim=True)
    w_enc0 = w_dec0 + 0.3 * torch.randn(d, m)
    b_enc0 = 0.1 * torch.randn(d)
    b_dec0 = 0.1 * torch.randn(m)

    def forward(w_enc, b_enc, w_dec, b_dec):
        pre = (h - b_dec) @ w_enc.T + b_enc
        if arch == "TOPK":
            top = torch.topk(pre, k, dim=1)
            kept = torch.zeros_like(pre).scatter(1, top.indices, top.values)
            f = torch.relu(kept)
        else:
            f = torch.relu(pre)
        h_hat = f @ w_dec + b_dec
        mse = ((h_hat - h) ** 2).sum(dim=1).mean()
        penalty = l1 * f.sum(dim=1).mean() if arch == "RELU_L1" else 0.0
        return mse + penalty

    params = [p.clone().requires_grad_(True) for p in (w_enc0, b_enc0, w_dec0, b_dec0)]
    loss = forward(*params)
    loss.backward()
    first = {"loss": loss.item(), "grad_w_enc": params[0].grad.flatten().tolist(),
             "grad_b_enc": params[1].grad.tolist(), "grad_w_dec": params[2].grad.flatten().tolist(),
             "grad_b_dec": params[3].grad.tolist()}

    params = [p.clone().requires_grad_(True) for p in (w_enc0, b_enc0, w_dec0, b_dec0)]
    opt = torch.optim.Adam(params, lr=lr)
    steps = []
    for _ in range(ADAM_STEPS):
        opt.zero_grad()
        l = forward(*params)
        l.backward()
        opt.step()
        with torch.no_grad():
            params[2] /= params[2].norm(dim=1, keepdim=True)
        steps.append({"loss": l.item(), "w_enc": params[0].detach().flatten().tolist(),
                      "b_enc": params[1].detach().tolist(), "w_dec": params[2].detach().flatten().tolist(),
                      "b_dec": params[3].detach().tolist()})
    return {
        "arch": arch, "l1": l1, "k": k, "m": m, "d": d, "batch": batch, "lr": lr,
        "h": h.flatten().tolist(), "w_enc": w_enc0.flatten().tolist(), "b_enc": b_enc0.tolist(),
        "w_dec": w_dec0.flatten().tolist(), "b_dec": b_dec0.tolist(), "first": first, "steps": steps,
    }


def main():
    out = {
        "toy": toy_case(),
        "geometry": geometry_case(),
        "sae": [sae_case("RELU_L1", 0.3, 0), sae_case("TOPK", 0.0, 2)],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
