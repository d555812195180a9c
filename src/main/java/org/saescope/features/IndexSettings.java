package org.saescope.features;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.saescope.tensor.BadInputException;

/**
 * What an index build records, besides the model, SAE and corpus it reads. All of these are saved
 * in the index; a resumed build must use the same ones.
 *
 * @param context        tokens per context window (windows are cut per document, never across)
 * @param topN           top-activating examples kept per feature
 * @param quantileBands  activation bands per feature: band b holds activations a with
 *                       {@code floor(a / max · B) = b}, i.e. {@code [b·max/B, (b+1)·max/B)}, the
 *                       last band also holding max itself
 * @param perBand        examples sampled uniformly (seeded reservoir sampling) from each band
 * @param histogramBins  equal-width bins of the non-zero-activation histogram over {@code (0, max]}
 * @param seed           seed of the reservoir sampling
 * @param blockTokens    tokens encoded by the SAE at once (and written per transaction); does not
 *                       change the result, only speed and the size of a transaction
 */
public record IndexSettings(int context, int topN, int quantileBands, int perBand, int histogramBins, long seed,
                            int blockTokens) {
    public static final IndexSettings DEFAULT = new IndexSettings(64, 20, 5, 5, 32, 0L, 4096);
    private static final Pattern QUANTILES = Pattern.compile("(\\d{1,3})x(\\d{1,3})");

    public IndexSettings {
        if (context < 1 || context > 65535 || topN < 1 || topN > 1000 || quantileBands < 1 || quantileBands > 100
                || perBand < 1 || perBand > 1000 || histogramBins < 1 || histogramBins > 1000 || blockTokens < 1) {
            throw new BadInputException(null, "index settings out of range: context 1..65535, top 1..1000, "
                    + "quantiles BxN with B 1..100 and N 1..1000, histogram bins 1..1000");
        }
    }

    public IndexSettings withContext(int c) {
        return new IndexSettings(c, topN, quantileBands, perBand, histogramBins, seed, blockTokens);
    }

    public IndexSettings withTopN(int n) {
        return new IndexSettings(context, n, quantileBands, perBand, histogramBins, seed, blockTokens);
    }

    public IndexSettings withQuantiles(int bands, int examples) {
        return new IndexSettings(context, topN, bands, examples, histogramBins, seed, blockTokens);
    }

    public IndexSettings withSeed(long s) {
        return new IndexSettings(context, topN, quantileBands, perBand, histogramBins, s, blockTokens);
    }

    public IndexSettings withBlockTokens(int b) {
        return new IndexSettings(context, topN, quantileBands, perBand, histogramBins, seed, b);
    }

    /** Parses {@code BxN} ("5x5": 5 bands, 5 examples each). */
    public IndexSettings withQuantiles(String spec) {
        Matcher m = QUANTILES.matcher(spec == null ? "" : spec.trim());
        if (!m.matches()) {
            throw new BadInputException(null, "--quantiles \"" + spec + "\" is not BANDSxEXAMPLES, e.g. 5x5");
        }
        return withQuantiles(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
}
