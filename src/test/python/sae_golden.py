#!/usr/bin/env python3
"""Writes the SAE golden fixtures under src/test/resources/sae/ (run once, from anywhere).

For every on-disk format and architecture SAEscope reads, this script writes a tiny SAE
(d_in = 16, d_sae = 40) in that format, a few input rows x, and the feature activations and
reconstruction that SAELens v6 would compute. The maths below is an independent re-statement of
SAELens v6 (sae_lens/saes/{sae,standard_sae,gated_sae,jumprelu_sae,topk_sae,batchtopk_sae}.py and
sae_lens/loading/pretrained_sae_loaders.py), written from that code and not from SAEscope's Java.
It runs in float64 on the exact values stored in each file (f16/bf16 values are widened first),
so the Java side, which widens to f32 and computes in f32, must agree within 1e-5.

Every input row is checked to be at least MARGIN away from every decision boundary (ReLU at 0,
JumpReLU thresholds, the TopK cut, the gate), so float rounding cannot flip an activation.

There is no safetensors package here: safetensors files are written by hand (8-byte little-endian
header length, JSON header, raw little-endian bytes).

Requires: python3 with torch (1.13 is enough) and numpy.
"""

import hashlib
import json
import shutil
import struct
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1] / "resources" / "sae"
D_IN = 16
D_SAE = 40
N_TOKENS = 6
MARGIN = 1e-3
SAELENS_V6 = "6.5.1"


# ----------------------------------------------------------------------------------------------
# Storage helpers
# ----------------------------------------------------------------------------------------------

def stored(values, dtype):
    """Rounds float64 values to the storage dtype and returns (safetensors dtype, bytes, widened)."""
    a = np.asarray(values, dtype=np.float64)
    if dtype == "F32":
        s = a.astype("<f4")
        return "F32", s.tobytes(), s.astype(np.float64)
    if dtype == "F16":
        s = a.astype("<f2")
        return "F16", s.tobytes(), s.astype(np.float64)
    if dtype == "BF16":
        t = torch.from_numpy(a.astype(np.float32)).to(torch.bfloat16)
        raw = t.view(torch.int16).numpy().astype("<i2").tobytes()
        return "BF16", raw, t.to(torch.float32).numpy().astype(np.float64)
    raise ValueError(dtype)


class Tensors:
    """Collects named tensors for one file; remembers the widened values that were stored."""

    def __init__(self):
        self.items = {}

    def add(self, name, values, dtype="F32", shape=None):
        a = np.asarray(values, dtype=np.float64)
        st, raw, widened = stored(a, dtype)
        self.items[name] = (st, list(a.shape) if shape is None else list(shape), raw)
        return widened.reshape(a.shape)

    def add_raw(self, name, st, shape, raw):
        self.items[name] = (st, list(shape), raw)

    def write(self, path, metadata=None):
        header = {}
        offset = 0
        for name, (st, shape, raw) in self.items.items():
            header[name] = {"dtype": st, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
            offset += len(raw)
        if metadata:
            header["__metadata__"] = metadata
        h = json.dumps(header, separators=(",", ":")).encode("utf-8")
        h += b" " * ((8 - len(h) % 8) % 8)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            f.write(struct.pack("<Q", len(h)))
            f.write(h)
            for _, (_, _, raw) in self.items.items():
                f.write(raw)


def write_json(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=1) + "\n")


# ----------------------------------------------------------------------------------------------
# The reference maths: SAELens v6, restated in float64 torch
# ----------------------------------------------------------------------------------------------

def t64(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64)


def norm_in(x, mode, d_in):
    """SAE.run_time_activation_norm_fn_in (sae.py _setup_activation_normalization)."""
    if mode == "constant_norm_rescale":
        coeff = (d_in ** 0.5) / x.norm(dim=-1, keepdim=True)
        return x * coeff, ("cnr", coeff)
    if mode == "layer_norm":
        mu = x.mean(dim=-1, keepdim=True)
        xc = x - mu
        std = xc.std(dim=-1, keepdim=True)  # torch default: unbiased (n - 1)
        return xc / (std + 1e-5), ("ln", mu, std)
    # "none", and "expected_average_only_in" once loaded from disk: SAE.load_from_disk never folds
    # a norm scaling factor (only from_pretrained does, from its directory yaml), so it is identity.
    return x, ("id",)


def norm_out(y, state):
    if state[0] == "cnr":
        return y / state[1]
    if state[0] == "ln":
        return y * state[2] + state[1]
    return y


def reference(p, x):
    """Returns (feature_acts, reconstruction, boundary distances) for input rows x."""
    sae_in, state = norm_in(x, p["normalize_activations"], p["d_in"])
    if p["apply_b_dec_to_input"]:
        sae_in = sae_in - p["b_dec"]
    arch = p["arch"]
    margins = []
    if arch == "standard":
        pre = sae_in @ p["W_enc"] + p["b_enc"]
        acts = torch.relu(pre)
        margins.append(pre.abs())
    elif arch == "jumprelu":
        pre = sae_in @ p["W_enc"] + p["b_enc"]
        acts = torch.relu(pre) * (pre > p["threshold"]).to(pre.dtype)
        margins += [pre.abs(), (pre - p["threshold"]).abs()]
    elif arch == "gated":
        gate = sae_in @ p["W_enc"] + p["b_gate"]
        mag = sae_in @ (p["W_enc"] * p["r_mag"].exp()) + p["b_mag"]
        acts = (gate > 0).to(gate.dtype) * torch.relu(mag)
        margins += [gate.abs(), mag.abs()]
    elif arch == "topk":
        pre = sae_in @ p["W_enc"] + p["b_enc"]
        if p["rescale"]:
            pre = pre * p["W_dec"].norm(dim=-1)
        vals, idx = torch.topk(pre, k=p["k"], dim=-1)
        acts = torch.zeros_like(pre).scatter(-1, idx, torch.relu(vals))
        srt = torch.sort(pre, dim=-1, descending=True).values
        margins += [(srt[:, p["k"] - 1] - srt[:, p["k"]]).abs().unsqueeze(-1), vals.abs()]
    else:
        raise ValueError(arch)
    dec_acts = acts / p["W_dec"].norm(dim=-1) if arch == "topk" and p["rescale"] else acts
    recon = norm_out(dec_acts @ p["W_dec"] + p["b_dec"], state)
    margin = min(float(m.min()) for m in margins)
    return acts, recon, margin


def sparsify_reference(p, x):
    """EleutherAI sparsify SparseCoder.encode/decode (sparse_coder.py, fused_encoder.py)."""
    pre = torch.relu((x - p["b_dec"]) @ p["enc_w"].T + p["enc_b"])
    vals, idx = torch.topk(pre, p["k"], dim=-1)
    acts = torch.zeros_like(pre).scatter(-1, idx, vals)
    recon = acts @ p["W_dec"] + p["b_dec"]
    raw = (x - p["b_dec"]) @ p["enc_w"].T + p["enc_b"]
    srt = torch.sort(raw, dim=-1, descending=True).values
    margin = min(float((srt[:, p["k"] - 1] - srt[:, p["k"]]).abs().min()), float(raw.abs().min()))
    return acts, recon, margin


def llama_scope_reference(p, x):
    """SAELens' Llama Scope loader plus SAE.from_pretrained's fold_activation_norm_scaling_factor:
    threshold = jump_relu_threshold * s, W_enc *= s, W_dec /= s, b_dec /= s, with
    s = sqrt(d_model) / dataset_average_activation_norm["in"]; then a plain JumpReLU SAE with
    apply_b_dec_to_input = False. (Written as the fold, while the Java side normalises x.)"""
    s = (p["d_in"] ** 0.5) / p["avg_norm_in"]
    folded = {
        "arch": "jumprelu", "d_in": p["d_in"], "normalize_activations": "none",
        "apply_b_dec_to_input": False,
        "W_enc": p["enc_w"].T * s, "b_enc": p["enc_b"], "W_dec": p["dec_w"].T / s,
        "b_dec": p["dec_b"] / s, "threshold": torch.full((p["d_sae"],), p["jump_relu_threshold"] * s,
                                                        dtype=torch.float64),
    }
    return reference(folded, x)


# ----------------------------------------------------------------------------------------------
# Fixture cases
# ----------------------------------------------------------------------------------------------

def rand_params(rng, arch, rescale_rows=False):
    w_dec = rng.normal(size=(D_SAE, D_IN)) * 0.3
    if rescale_rows:
        w_dec *= rng.uniform(0.4, 2.5, size=(D_SAE, 1))
    p = {
        "W_enc": rng.normal(size=(D_IN, D_SAE)) * 0.35,
        "W_dec": w_dec,
        "b_dec": rng.normal(size=D_IN) * 0.2,
    }
    if arch == "gated":
        p["b_gate"] = rng.normal(size=D_SAE) * 0.2
        p["r_mag"] = rng.normal(size=D_SAE) * 0.2
        p["b_mag"] = rng.normal(size=D_SAE) * 0.2
    else:
        p["b_enc"] = rng.normal(size=D_SAE) * 0.15
    if arch == "jumprelu":
        p["threshold"] = rng.uniform(0.1, 0.6, size=D_SAE)
    return p


def pick_inputs(rng, fn, scale=1.0):
    """Draws input rows until every boundary is at least MARGIN away; returns x and outputs."""
    for _ in range(500):
        x = rng.normal(size=(N_TOKENS, D_IN)) * scale
        acts, recon, margin = fn(t64(x))
        if margin > MARGIN:
            return x, acts, recon
    raise RuntimeError("no input found with a safe margin")


def golden(case_dir, sae_rel, x, acts, recon, expect, w_dec, weights_file):
    """w_dec: the canonical [d_sae, d_in] decoder the SAE should hold after loading;
    weights_file: the file whose SHA-256 ties feature data to this SAE."""
    assert int((acts > 0).sum()) > 0, "a fixture where nothing fires tests nothing"
    expect = dict(expect)
    expect["decoder_norms"] = w_dec.norm(dim=-1).numpy().tolist()
    expect["decoder_row_1"] = w_dec[1].numpy().tolist()
    expect["weights_sha256"] = hashlib.sha256(Path(weights_file).read_bytes()).hexdigest()
    write_json(case_dir / "golden.json", {
        "sae": sae_rel,
        "x": np.asarray(x, dtype=np.float64).tolist(),
        "feature_acts": acts.numpy().tolist(),
        "reconstruction": recon.numpy().tolist(),
        "expect": expect,
    })


def saelens_v6_cfg(arch, dtype="float32", apply_b_dec=True, norm="none", extra=None, layer=2):
    cfg = {
        "architecture": arch, "d_in": D_IN, "d_sae": D_SAE, "dtype": dtype, "device": "cpu",
        "apply_b_dec_to_input": apply_b_dec, "normalize_activations": norm,
        "reshape_activations": "none",
        "metadata": {
            "sae_lens_version": SAELENS_V6, "sae_lens_training_version": SAELENS_V6,
            "model_name": "tiny-brown-gpt2", "hook_name": f"blocks.{layer}.hook_resid_post",
            "hook_head_index": None, "context_size": 128, "prepend_bos": True,
            "dataset_path": "brown", "seqpos_slice": [None], "model_from_pretrained_kwargs": {},
        },
    }
    cfg.update(extra or {})
    return cfg


def saelens_case(name, seed, arch, *, dtype="F32", apply_b_dec=True, norm="none", k=None,
                 rescale=False, scalar_threshold=False, out_in=False, cfg_arch=None,
                 sparsity=False, x_scale=1.0, batchtopk_saved=False):
    """A SAELens v6 folder: cfg.json + sae_weights.safetensors (+ sparsity.safetensors)."""
    rng = np.random.default_rng(seed)
    p = rand_params(rng, arch, rescale_rows=rescale)
    if scalar_threshold:
        p["threshold"] = np.float64(0.3)  # a 0-d tensor, broadcast over features
    if batchtopk_saved:
        # BatchTopKTrainingSAE.process_state_dict_for_saving_inference: decoder norms folded into
        # the encoder (unit-norm W_dec rows), threshold = ones_like(b_enc) * topk_threshold.
        p["W_dec"] = p["W_dec"] / np.linalg.norm(p["W_dec"], axis=1, keepdims=True)
        p["threshold"] = np.full(D_SAE, 0.3)
    case = ROOT / name
    sae = case / "sae"
    t = Tensors()
    ref = {"arch": arch, "d_in": D_IN, "normalize_activations": norm,
           "apply_b_dec_to_input": apply_b_dec, "k": k, "rescale": rescale}
    if out_in:  # a tool that kept nn.Linear's [out, in] layout
        ref["W_enc"] = t64(t.add("W_enc", p["W_enc"].T, dtype)).T
        ref["W_dec"] = t64(t.add("W_dec", p["W_dec"].T, dtype)).T
    else:
        ref["W_enc"] = t64(t.add("W_enc", p["W_enc"], dtype))
        ref["W_dec"] = t64(t.add("W_dec", p["W_dec"], dtype))
    for key in ("b_enc", "b_gate", "r_mag", "b_mag", "b_dec"):
        if key in p:
            ref[key] = t64(t.add(key, p[key], dtype))
    if "threshold" in p:
        ref["threshold"] = t64(t.add("threshold", p["threshold"], dtype))
    t.write(sae / "sae_weights.safetensors")
    if sparsity:
        s = Tensors()
        s.add("sparsity", np.log10(rng.uniform(1e-4, 0.5, size=D_SAE)))
        s.write(sae / "sparsity.safetensors")
    torch_dtype = {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}[dtype]
    extra = {}
    if arch == "topk":
        extra = {"k": k, "rescale_acts_by_decoder_norm": rescale}
    write_json(sae / "cfg.json", saelens_v6_cfg(cfg_arch or arch, torch_dtype, apply_b_dec, norm, extra))
    x, acts, recon = pick_inputs(rng, lambda xx: reference(ref, xx), x_scale)
    expect = {"format": "saelens", "architecture": cfg_arch or arch, "d_in": D_IN, "d_sae": D_SAE,
              "dtype": torch_dtype, "hook_name": "blocks.2.hook_resid_post", "hook_layer": 2,
              "model_name": "tiny-brown-gpt2", "apply_b_dec_to_input": apply_b_dec,
              "normalize_activations": norm, "k": k, "rescale_acts_by_decoder_norm": rescale}
    golden(case, "sae", x, acts, recon, expect, ref["W_dec"], sae / "sae_weights.safetensors")
    return ref


def batchtopk_training_case(seed):
    """architecture "batchtopk" as a training checkpoint would carry it: a scalar topk_threshold and
    rescale_acts_by_decoder_norm, weights not yet folded. SAELens turns this into a JumpReLU SAE with
    BatchTopKTrainingSAE.process_state_dict_for_saving_inference: _fold_norm_topk (b_enc *= ‖W_dec‖,
    W_enc *= ‖W_dec‖, W_dec /= ‖W_dec‖, norms clamped at 1e-8) and threshold = topk_threshold
    broadcast. The reference below runs the folded SAE."""
    rng = np.random.default_rng(seed)
    p = rand_params(rng, "topk", rescale_rows=True)
    case = ROOT / "batchtopk_training"
    t = Tensors()
    w_enc = t64(t.add("W_enc", p["W_enc"]))
    w_dec = t64(t.add("W_dec", p["W_dec"]))
    b_enc = t64(t.add("b_enc", p["b_enc"]))
    b_dec = t64(t.add("b_dec", p["b_dec"]))
    thr = float(t64(t.add("topk_threshold", np.float64(0.35))))
    t.write(case / "sae" / "sae_weights.safetensors")
    write_json(case / "sae" / "cfg.json", saelens_v6_cfg(
        "batchtopk", extra={"k": 4.0, "rescale_acts_by_decoder_norm": True, "topk_threshold_lr": 0.01}))
    n = w_dec.norm(dim=-1).clamp(min=1e-8)
    ref = {"arch": "jumprelu", "d_in": D_IN, "normalize_activations": "none",
           "apply_b_dec_to_input": True, "W_enc": w_enc * n, "b_enc": b_enc * n,
           "W_dec": w_dec / n.unsqueeze(1), "b_dec": b_dec,
           "threshold": torch.full((D_SAE,), thr, dtype=torch.float64)}
    x, acts, recon = pick_inputs(rng, lambda xx: reference(ref, xx))
    golden(case, "sae", x, acts, recon, {
        "format": "saelens", "architecture": "batchtopk", "d_in": D_IN, "d_sae": D_SAE,
        "dtype": "float32", "hook_name": "blocks.2.hook_resid_post", "hook_layer": 2,
        "apply_b_dec_to_input": True, "normalize_activations": "none"},
        ref["W_dec"], case / "sae" / "sae_weights.safetensors")


def saelens_pre6_case(seed):
    """A SAELens 3.x-style cfg: hook_point, activation_fn_str "topk" with activation_fn_kwargs.k,
    boolean normalize_activations, no architecture. handle_pre_6_0_config turns it into TopK."""
    rng = np.random.default_rng(seed)
    p = rand_params(rng, "topk")
    case = ROOT / "saelens_pre6_topk"
    t = Tensors()
    ref = {"arch": "topk", "d_in": D_IN, "normalize_activations": "none",
           "apply_b_dec_to_input": True, "k": 6, "rescale": False,
           "W_enc": t64(t.add("W_enc", p["W_enc"])), "W_dec": t64(t.add("W_dec", p["W_dec"])),
           "b_enc": t64(t.add("b_enc", p["b_enc"])), "b_dec": t64(t.add("b_dec", p["b_dec"]))}
    t.add("scaling_factor", np.ones(D_SAE))  # old files carried an all-ones scaling factor
    t.write(case / "sae" / "sae_weights.safetensors")
    write_json(case / "sae" / "cfg.json", {
        "model_name": "gpt2-small", "hook_point": "blocks.3.hook_resid_pre",
        "hook_point_layer": 3, "hook_point_head_index": None, "d_in": D_IN, "d_sae": D_SAE,
        "dtype": "float32", "device": "cpu", "activation_fn_str": "topk",
        "activation_fn_kwargs": {"k": 6}, "normalize_activations": False,
        "context_size": 128, "dataset_path": "Skylion007/openwebtext", "prepend_bos": True,
        "sae_lens_training_version": "3.13.0", "finetuning_scaling_factor": False,
        "lr": 0.0004, "l1_coefficient": 8.0,
    })
    x, acts, recon = pick_inputs(rng, lambda xx: reference(ref, xx))
    golden(case, "sae", x, acts, recon, {
        "format": "saelens", "architecture": "topk", "d_in": D_IN, "d_sae": D_SAE,
        "dtype": "float32", "hook_name": "blocks.3.hook_resid_pre", "hook_layer": 3,
        "model_name": "gpt2-small", "apply_b_dec_to_input": True, "normalize_activations": "none",
        "k": 6, "rescale_acts_by_decoder_norm": False},
        ref["W_dec"], case / "sae" / "sae_weights.safetensors")


def gemma_scope_case(seed):
    """Gemma Scope params.npz: W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc, b_dec, threshold.
    SAELens gemma_2_sae_huggingface_loader: JumpReLU, apply_b_dec_to_input False, no normalisation."""
    rng = np.random.default_rng(seed)
    p = rand_params(rng, "jumprelu")
    f32 = {k: np.asarray(v, dtype="<f4") for k, v in p.items()}
    folder = ROOT / "gemma_scope" / "gemma-scope-2b-pt-res" / "layer_5" / "width_40" / "average_l0_9"
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / "params.npz", W_enc=f32["W_enc"], W_dec=f32["W_dec"], b_enc=f32["b_enc"],
             b_dec=f32["b_dec"], threshold=f32["threshold"])
    ref = {"arch": "jumprelu", "d_in": D_IN, "normalize_activations": "none",
           "apply_b_dec_to_input": False, **{k: t64(v.astype(np.float64)) for k, v in f32.items()}}
    x, acts, recon = pick_inputs(rng, lambda xx: reference(ref, xx))
    golden(ROOT / "gemma_scope", "gemma-scope-2b-pt-res/layer_5/width_40/average_l0_9/params.npz",
           x, acts, recon, {
               "format": "gemma_scope", "architecture": "jumprelu", "d_in": D_IN, "d_sae": D_SAE,
               "dtype": "float32", "hook_name": "blocks.5.hook_resid_post", "hook_layer": 5,
               "apply_b_dec_to_input": False, "normalize_activations": "none"},
           ref["W_dec"], folder / "params.npz")


def gemma_scope_2_case(seed):
    """Gemma Scope 2: config.json (architecture "jump_relu", hf_hook_point_in, width, l0, type) and
    params.safetensors with lowercase w_enc [d_in, d_sae], w_dec [d_sae, d_in], b_enc, b_dec,
    threshold. SAELens gemma_3_sae_huggingface_loader: JumpReLU, apply_b_dec_to_input False."""
    rng = np.random.default_rng(seed)
    p = rand_params(rng, "jumprelu")
    case = ROOT / "gemma_scope_2"
    folder = case / "resid_post" / "layer_3_width_40_l0_small"
    t = Tensors()
    ref = {"arch": "jumprelu", "d_in": D_IN, "normalize_activations": "none",
           "apply_b_dec_to_input": False,
           "W_enc": t64(t.add("w_enc", p["W_enc"])), "W_dec": t64(t.add("w_dec", p["W_dec"])),
           "b_enc": t64(t.add("b_enc", p["b_enc"])), "b_dec": t64(t.add("b_dec", p["b_dec"])),
           "threshold": t64(t.add("threshold", p["threshold"]))}
    t.write(folder / "params.safetensors")
    write_json(folder / "config.json", {
        "width": D_SAE, "model_name": "google/gemma-3-270m-pt", "architecture": "jump_relu",
        "l0": 9, "affine_connection": False, "hf_hook_point_in": "model.layers.3.output",
        "hf_hook_point_out": "model.layers.3.output", "type": "sae"})
    x, acts, recon = pick_inputs(rng, lambda xx: reference(ref, xx))
    golden(case, "resid_post/layer_3_width_40_l0_small", x, acts, recon, {
        "format": "gemma_scope_2", "architecture": "jumprelu", "d_in": D_IN, "d_sae": D_SAE,
        "dtype": "float32", "hook_name": "blocks.3.hook_resid_post", "hook_layer": 3,
        "model_name": "google/gemma-3-270m-pt", "apply_b_dec_to_input": False,
        "normalize_activations": "none"}, ref["W_dec"], folder / "params.safetensors")


def sparsify_case(seed):
    """EleutherAI sparsify: cfg.json (d_in, k, num_latents, ...) + sae.safetensors with
    encoder.weight [num_latents, d_in], encoder.bias, W_dec [num_latents, d_in], b_dec.
    The folder name is the hookpoint (layers.6); the run folder's config.json names the model."""
    rng = np.random.default_rng(seed)
    p = rand_params(rng, "topk")
    case = ROOT / "sparsify"
    folder = case / "run" / "layers.6"
    t = Tensors()
    ref = {"k": 7,
           "enc_w": t64(t.add("encoder.weight", p["W_enc"].T)),
           "enc_b": t64(t.add("encoder.bias", p["b_enc"])),
           "W_dec": t64(t.add("W_dec", p["W_dec"])),
           "b_dec": t64(t.add("b_dec", p["b_dec"]))}
    t.write(folder / "sae.safetensors")
    write_json(folder / "cfg.json", {
        "activation": "topk", "expansion_factor": 32, "normalize_decoder": True,
        "num_latents": D_SAE, "k": 7, "multi_topk": False, "skip_connection": False,
        "transcode": False, "d_in": D_IN})
    write_json(case / "run" / "config.json", {"model": "EleutherAI/pythia-70m", "ctx_len": 2048,
                                              "dataset": "EleutherAI/rpj-v2-sample"})
    x, acts, recon = pick_inputs(rng, lambda xx: sparsify_reference(ref, xx))
    golden(case, "run/layers.6", x, acts, recon, {
        "format": "sparsify", "architecture": "topk", "d_in": D_IN, "d_sae": D_SAE,
        "dtype": "float32", "hook_name": "blocks.6.hook_resid_post", "hook_layer": 6,
        "model_name": "EleutherAI/pythia-70m", "apply_b_dec_to_input": True,
        "normalize_activations": "none", "k": 7, "rescale_acts_by_decoder_norm": False},
        ref["W_dec"], folder / "sae.safetensors")


def llama_scope_case(seed):
    """Llama Scope (OpenMOSS): hyperparams.json + checkpoints/final.safetensors with nn.Linear
    layouts encoder.weight [d_sae, d_model], decoder.weight [d_model, d_sae], biases, bf16."""
    rng = np.random.default_rng(seed)
    p = rand_params(rng, "standard")
    case = ROOT / "llama_scope"
    folder = case / "Llama3_1-8B-Base-L4R-8x"
    t = Tensors()
    ref = {"d_in": D_IN, "d_sae": D_SAE, "avg_norm_in": 2.75, "jump_relu_threshold": 0.25,
           "enc_w": t64(t.add("encoder.weight", p["W_enc"].T, "BF16")),
           "enc_b": t64(t.add("encoder.bias", p["b_enc"], "BF16")),
           "dec_w": t64(t.add("decoder.weight", p["W_dec"].T, "BF16")),
           "dec_b": t64(t.add("decoder.bias", p["b_dec"], "BF16"))}
    t.write(folder / "checkpoints" / "final.safetensors")
    write_json(folder / "hyperparams.json", {
        "d_model": D_IN, "expansion_factor": 2.5, "d_sae": D_SAE,
        "hook_point_in": "blocks.4.hook_resid_post", "hook_point_out": "blocks.4.hook_resid_post",
        "use_decoder_bias": True, "apply_decoder_bias_to_pre_encoder": False,
        "act_fn": "jumprelu", "jump_relu_threshold": 0.25, "norm_activation": "dataset-wise",
        "dataset_average_activation_norm": {"in": 2.75, "out": 2.75},
        "sparsity_include_decoder_norm": True, "top_k": 50, "use_glu_encoder": False})
    x, acts, recon = pick_inputs(rng, lambda xx: llama_scope_reference(ref, xx))
    golden(case, "Llama3_1-8B-Base-L4R-8x", x, acts, recon, {
        "format": "llama_scope", "architecture": "jumprelu", "d_in": D_IN, "d_sae": D_SAE,
        "dtype": "bfloat16", "hook_name": "blocks.4.hook_resid_post", "hook_layer": 4,
        "model_name": "meta-llama/Llama-3.1-8B", "apply_b_dec_to_input": False,
        "normalize_activations": "expected_average_only_in"},
        ref["dec_w"].T, folder / "checkpoints" / "final.safetensors")


# ----------------------------------------------------------------------------------------------
# Bad inputs and CLI inputs
# ----------------------------------------------------------------------------------------------

def bad_cases():
    bad = ROOT / "bad"
    rng = np.random.default_rng(99)
    p = rand_params(rng, "standard")

    def folder(name, cfg, drop=(), reshape=None, poison=False):
        t = Tensors()
        for key in ("W_enc", "W_dec", "b_enc", "b_dec"):
            if key in drop:
                continue
            v = p[key]
            if reshape and key in reshape:
                v = v[tuple(slice(0, s) for s in reshape[key])]
            if poison and key == "W_dec":
                v = v.copy()
                v[3, 5] = np.nan
                v[7, 1] = np.inf
            t.add(key, v)
        t.write(bad / name / "sae_weights.safetensors")
        if isinstance(cfg, str):
            (bad / name / "cfg.json").write_text(cfg)
        else:
            write_json(bad / name / "cfg.json", cfg)

    good = saelens_v6_cfg("standard")
    folder("missing_tensor", good, drop=("b_dec",))
    folder("wrong_shape", good, reshape={"b_enc": (D_SAE - 1,)})
    folder("lying_cfg", {**good, "d_sae": 48})
    folder("unknown_architecture", {**good, "architecture": "mystery_moe"})
    folder("invalid_json", '{"architecture": "standard", "d_in": 16,,}')
    folder("nan_weights", good, poison=True)
    folder("topk_k_too_large", {**saelens_v6_cfg("topk"), "k": D_SAE + 1})
    # A folder with only a pickle: refused, never unpickled.
    (bad / "pickle_only").mkdir(parents=True, exist_ok=True)
    (bad / "pickle_only" / "ae.pt").write_bytes(b"\x80\x02}q\x00X\x01\x00\x00\x00aq\x01K\x01s.")
    (bad / "not_an_sae").mkdir(parents=True, exist_ok=True)
    (bad / "not_an_sae" / "README.txt").write_text("no SAE here\n")


def cli_inputs():
    """Activation files for `saescope encode`, built from the "standard" case's inputs."""
    cli = ROOT / "cli"
    g = json.loads((ROOT / "standard" / "golden.json").read_text())
    x = np.asarray(g["x"])
    t = Tensors()
    t.add("acts", x)
    t.write(cli / "acts_f32.safetensors")
    t = Tensors()
    t.add("acts", x[:, :D_IN - 1])
    t.write(cli / "acts_wrong_width.safetensors")
    t = Tensors()
    t.add("activations", x)
    t.write(cli / "acts_misnamed.safetensors")
    # bf16 inputs: the golden for them is recomputed from the rounded x.
    t = Tensors()
    xb = t.add("acts", x, "BF16")
    t.write(cli / "acts_bf16.safetensors")
    ref = STANDARD_REF
    acts, recon, _ = reference(ref, t64(xb))
    write_json(cli / "acts_bf16_golden.json", {"x": xb.tolist(), "feature_acts": acts.numpy().tolist(),
                                               "reconstruction": recon.numpy().tolist()})


STANDARD_REF = None


def main():
    global STANDARD_REF
    if ROOT.exists():
        shutil.rmtree(ROOT)
    STANDARD_REF = saelens_case("standard", 1, "standard", sparsity=True)
    saelens_case("standard_no_bdec", 2, "standard", apply_b_dec=False)
    saelens_case("gated", 3, "gated")
    saelens_case("jumprelu", 4, "jumprelu")
    saelens_case("jumprelu_scalar_threshold", 5, "jumprelu", scalar_threshold=True)
    saelens_case("topk", 6, "topk", k=5)
    saelens_case("topk_rescale", 7, "topk", k=5, rescale=True)
    # BatchTopK as SAELens v6 saves it for inference: a JumpReLU SAE with one threshold for all.
    saelens_case("batchtopk_saved", 8, "jumprelu", batchtopk_saved=True)
    batchtopk_training_case(9)
    saelens_case("norm_expected_average_only_in", 10, "standard", norm="expected_average_only_in")
    saelens_case("norm_constant_norm_rescale", 11, "standard", norm="constant_norm_rescale", x_scale=3.0)
    saelens_case("norm_layer_norm", 12, "jumprelu", norm="layer_norm", x_scale=2.0)
    saelens_case("stored_f16", 13, "standard", dtype="F16")
    saelens_case("stored_bf16", 14, "jumprelu", dtype="BF16")
    saelens_case("stored_out_in", 15, "standard", out_in=True)
    saelens_pre6_case(16)
    gemma_scope_case(17)
    gemma_scope_2_case(18)
    sparsify_case(19)
    llama_scope_case(20)
    bad_cases()
    cli_inputs()
    total = sum(f.stat().st_size for f in ROOT.rglob("*") if f.is_file())
    print(f"wrote fixtures under {ROOT} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
