package org.saescope.sae;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The same SAE is found from its folder or from any of its files. */
class SaeLocatorTest {
    private static Path fx(String rel) {
        return Goldens.root().resolve(rel);
    }

    @Test
    void saeLensFromFolderCfgOrWeights() {
        for (String p : new String[] {"standard/sae", "standard/sae/cfg.json", "standard/sae/sae_weights.safetensors"}) {
            SaeLocation loc = SaeLocator.locate(fx(p));
            assertThat(loc.format()).as(p).isEqualTo(SaeFormat.SAELENS);
            assertThat(loc.weightsFile().getFileName()).hasToString("sae_weights.safetensors");
        }
    }

    @Test
    void gemmaScopeFromFolderOrNpz() {
        String folder = "gemma_scope/gemma-scope-2b-pt-res/layer_5/width_40/average_l0_9";
        assertThat(SaeLocator.locate(fx(folder)).format()).isEqualTo(SaeFormat.GEMMA_SCOPE);
        assertThat(SaeLocator.locate(fx(folder + "/params.npz")).format()).isEqualTo(SaeFormat.GEMMA_SCOPE);
    }

    @Test
    void llamaScopeFromFolderOrCheckpoint() {
        String folder = "llama_scope/Llama3_1-8B-Base-L4R-8x";
        SaeLocation a = SaeLocator.locate(fx(folder));
        SaeLocation b = SaeLocator.locate(fx(folder + "/checkpoints/final.safetensors"));
        assertThat(a.format()).isEqualTo(SaeFormat.LLAMA_SCOPE);
        assertThat(b.weightsFile()).isEqualTo(a.weightsFile());
    }

    @Test
    void otherFormatsByTheirFiles() {
        assertThat(SaeLocator.locate(fx("sparsify/run/layers.6")).format()).isEqualTo(SaeFormat.SPARSIFY);
        assertThat(SaeLocator.locate(fx("gemma_scope_2/resid_post/layer_3_width_40_l0_small/params.safetensors"))
                .format()).isEqualTo(SaeFormat.GEMMA_SCOPE_2);
    }
}
