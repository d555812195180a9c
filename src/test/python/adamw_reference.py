"""AdamW reference for AdamOptimizerAdamWTest: torch.optim.AdamW (non-fused, amsgrad off) over three
steps with a changing learning rate (as a warm-up/cosine schedule sets it), one decayed matrix and
one undecayed bias. Writes src/test/resources/train/adamw_reference.json.

Run once with: python3 src/test/python/adamw_reference.py
"""
import json
import os

import torch

torch.manual_seed(0)
w = torch.tensor([[0.5, -1.0, 2.0], [0.25, 0.0, -0.75]], dtype=torch.float32, requires_grad=True)
b = torch.tensor([0.1, -0.2], dtype=torch.float32, requires_grad=True)
grads_w = [torch.tensor([[0.3, -0.1, 0.2], [0.0, 0.5, -0.4]]),
           torch.tensor([[-0.2, 0.1, 0.05], [0.3, -0.3, 0.1]]),
           torch.tensor([[0.1, 0.1, -0.1], [-0.2, 0.2, 0.0]])]
grads_b = [torch.tensor([0.5, -0.5]), torch.tensor([0.25, 0.1]), torch.tensor([-0.3, 0.2])]
lrs = [0.01, 0.03, 0.02]
opt = torch.optim.AdamW([{"params": [w], "weight_decay": 0.1}, {"params": [b], "weight_decay": 0.0}],
                        lr=lrs[0], betas=(0.9, 0.95), eps=1e-8)
for step in range(3):
    for g in opt.param_groups:
        g["lr"] = lrs[step]
    w.grad = grads_w[step].clone()
    b.grad = grads_b[step].clone()
    opt.step()

out = {
    "w0": [[0.5, -1.0, 2.0], [0.25, 0.0, -0.75]], "b0": [0.1, -0.2],
    "grads_w": [g.tolist() for g in grads_w], "grads_b": [g.tolist() for g in grads_b], "lrs": lrs,
    "weight_decay": 0.1, "beta1": 0.9, "beta2": 0.95, "eps": 1e-8,
    "w3": w.detach().tolist(), "b3": b.detach().tolist(),
}
path = os.path.join(os.path.dirname(__file__), "..", "resources", "train", "adamw_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print(out["w3"], out["b3"])
