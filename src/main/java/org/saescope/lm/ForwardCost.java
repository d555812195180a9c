package org.saescope.lm;

/** Floating-point operations of one full forward pass (matmuls only; norms and activations are noise). */
public final class ForwardCost {
    private ForwardCost() {
    }

    /**
     * 2·T·(4·d² + 2·d·d_mlp) per block for the q/k/v/out and MLP projections, 4·T²·d per block for
     * scores and the weighted sum (the full square: dense kernels compute the masked half too), and
     * 2·T·d·vocab for the unembedding.
     */
    public static double flops(ModelConfig c, int tokens) {
        double t = tokens;
        double d = c.dModel();
        double perBlock = 2 * t * (4 * d * d + 2 * d * c.dMlp()) + 4 * t * t * d;
        return c.nLayers() * perBlock + 2 * t * d * c.vocabSize();
    }
}
