package org.saescope.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The blocks GPT-2 and GPT-NeoX have in common: LayerNorm with weight and bias before attention and
 * before the MLP, a fused q/k/v projection, an output projection, a two-layer MLP with one
 * activation, a final LayerNorm and a linear unembedding. Families on this base only say how they
 * load those weights, embed tokens and encode positions; families with other blocks (RMSNorm, gated
 * MLPs) extend {@link TransformerModel} directly.
 */
abstract class LayerNormTransformer extends TransformerModel {
    /** One block's weights, every projection stored {@code [out, in]}; the qkv rows are [all q | all k | all v]. Biases may be null. */
    record Block(NDArray ln1W, NDArray ln1B, NDArray ln2W, NDArray ln2B, NDArray qkvW, NDArray qkvB,
                 NDArray outW, NDArray outB, NDArray upW, NDArray upB, NDArray downW, NDArray downB) {
    }

    /** Everything after the embeddings. */
    record Trunk(Block[] blocks, NDArray lnfW, NDArray lnfB, NDArray unembed) {
    }

    private final Block[] blocks;
    private final NDArray lnfW;
    private final NDArray lnfB;
    /** {@code [vocab, d]}. */
    private final NDArray unembedW;
    private final float eps;
    private final Activation act;

    LayerNormTransformer(ModelConfig config, TextTokenizer tokenizer, NDManager manager, boolean hasPosEmbed,
                         boolean parallelResidual, Trunk trunk, float eps, Activation act) {
        super(config, tokenizer, manager, hasPosEmbed, parallelResidual);
        this.blocks = trunk.blocks();
        this.lnfW = trunk.lnfW();
        this.lnfB = trunk.lnfB();
        this.unembedW = trunk.unembed();
        this.eps = eps;
        this.act = act;
    }

    /**
     * q, k, v straight from the fused projection (positions not yet encoded): {@code [nHeads, t, dHead]}
     * from {@code [t, d]}, {@code [B·nHeads, t, dHead]} from a batch {@code [B, t, d]}.
     */
    protected NDArray[] projectQkv(int layer, NDArray normed) {
        NDArray fused = Ops.linear(normed, blocks[layer].qkvW, blocks[layer].qkvB);
        return normed.getShape().dimension() == 3 ? Ops.splitQkvBatched(fused, config.nHeads(), config.dHead())
                : Ops.splitQkv(fused, config.nHeads(), config.dHead());
    }

    @Override
    protected NDArray ln1(int layer, NDArray x) {
        return Ops.layerNorm(x, blocks[layer].ln1W, blocks[layer].ln1B, eps);
    }

    @Override
    protected NDArray ln2(int layer, NDArray x) {
        return Ops.layerNorm(x, blocks[layer].ln2W, blocks[layer].ln2B, eps);
    }

    @Override
    protected NDArray attnOut(int layer, NDArray z) {
        return Ops.linear(z, blocks[layer].outW, blocks[layer].outB);
    }

    @Override
    protected NDArray mlp(int layer, NDArray normed) {
        Block b = blocks[layer];
        return Ops.linear(act.apply(Ops.linear(normed, b.upW, b.upB)), b.downW, b.downB);
    }

    @Override
    protected NDArray finalNormGain() {
        return lnfW;
    }

    @Override
    protected NDArray lnFinal(NDArray x) {
        return Ops.layerNorm(x, lnfW, lnfB, eps);
    }

    @Override
    protected NDArray unembed(NDArray normed) {
        return Ops.linear(normed, unembedW, null);
    }
}
