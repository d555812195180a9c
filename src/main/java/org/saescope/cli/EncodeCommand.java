package org.saescope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.saescope.sae.kernel.SaeKernels;
import org.saescope.sae.Sae;
import org.saescope.sae.SaeConfig;
import org.saescope.sae.SaeLoader;
import org.saescope.sae.SparseCodes;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.SafetensorsWriter;
import org.saescope.tensor.TensorFiles;
import org.saescope.tensor.TensorInfo;
import org.saescope.tensor.TensorSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code saescope encode --sae PATH --acts IN.safetensors --out OUT.safetensors [--reconstruct]}:
 * SAE feature activations of stored model activations. IN holds {@code acts} [n, d_in]
 * (f32/f16/bf16); OUT gets {@code indices} int64 [n, K] and {@code values} f32 [n, K], K being
 * the most features active on any token, each row sorted by value descending and padded with
 * -1 / 0, and with --reconstruct {@code reconstruction} f32 [n, d_in]. OUT is written to a temp
 * file and renamed, so it is complete or absent.
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Encode activations (tensor 'acts' [n, d_in]) with an SAE into sparse feature activations.")
final class EncodeCommand implements Callable<Integer> {
    /** Rows encoded per batch: bounds the temporary arrays, not the output. */
    private static final int BATCH_ROWS = 1024;

    @Option(names = "--sae", required = true, paramLabel = "PATH", description = "SAE folder or file.")
    Path saePath;

    @Option(names = "--acts", required = true, paramLabel = "IN", description = "safetensors file with tensor 'acts'.")
    Path actsPath;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "safetensors file to write.")
    Path outPath;

    @Option(names = "--reconstruct", description = "Also write the SAE's reconstruction of every row.")
    boolean reconstruct;

    @Option(names = "--device", defaultValue = "cpu", description = "Compute device (default: ${DEFAULT-VALUE}).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int dIn = SaeLoader.describe(saePath).config().dIn(); // cheap: fail on a bad SAE before reading acts
        Path outDir = outPath.toAbsolutePath().getParent();
        if (outDir == null || !Files.isDirectory(outDir)) {
            throw new BadInputException(outPath, "the folder to write into does not exist");
        }
        try (TensorSource acts = TensorFiles.open(actsPath)) {
            int n = checkActs(acts, dIn);
            try (Sae sae = SaeLoader.load(saePath, encoder -> SaeKernels.create(encoder, device))) {
                encodeAll(acts, n, sae);
            }
        }
        return ExitCodes.OK;
    }

    private int checkActs(TensorSource acts, int dIn) {
        if (!acts.contains("acts")) {
            throw new BadInputException(actsPath, "missing tensor acts (the file has " + acts.names() + ")");
        }
        TensorInfo info = acts.info("acts");
        if (!info.dtype().isFloatingPoint()) {
            throw new BadInputException(actsPath, "tensor acts has dtype " + info.dtype() + "; expected F32, F16 or BF16");
        }
        if (info.rank() != 2) {
            throw new BadInputException(actsPath, "tensor acts has shape " + Arrays.toString(info.shape())
                    + "; expected [n, d_in]");
        }
        if (info.dim(1) != dIn) {
            throw new BadInputException(actsPath, "tensor acts has width " + info.dim(1) + " but the SAE "
                    + saePath + " has d_in " + dIn);
        }
        if (info.dim(0) * dIn > Integer.MAX_VALUE) {
            throw new BadInputException(actsPath, "tensor acts has " + info.dim(0) + " rows; split it into "
                    + "files of at most " + Integer.MAX_VALUE / dIn + " rows");
        }
        return (int) info.dim(0);
    }

    private void encodeAll(TensorSource acts, int n, Sae sae) {
        SaeConfig cfg = sae.config();
        int dIn = cfg.dIn();
        List<SparseCodes> batches = new ArrayList<>();
        float[] recon = reconstruct ? new float[n * dIn] : null;
        float[] x = new float[Math.min(n, BATCH_ROWS) * dIn];
        for (int from = 0; from < n; from += BATCH_ROWS) {
            int rows = Math.min(BATCH_ROWS, n - from);
            float[] batch = rows * dIn == x.length ? x : new float[rows * dIn];
            acts.readF32("acts", (long) from * dIn, batch, 0, rows * dIn);
            Sae.Encoded e = sae.encodeWithState(batch, rows);
            batches.add(e.codes());
            if (recon != null) {
                System.arraycopy(sae.decode(e.codes(), e.state()), 0, recon, from * dIn, rows * dIn);
            }
        }
        int k = 0;
        long nnz = 0;
        for (SparseCodes c : batches) {
            k = Math.max(k, c.maxCount());
            nnz += c.nnz();
        }
        long[] indices = new long[Math.multiplyExact(n, k)];
        float[] values = new float[n * k];
        Arrays.fill(indices, -1L);
        int row = 0;
        for (SparseCodes c : batches) {
            for (int t = 0; t < c.tokens(); t++, row++) {
                for (int p = c.start(t), j = 0; p < c.end(t); p++, j++) {
                    indices[row * k + j] = c.indices()[p];
                    values[row * k + j] = c.values()[p];
                }
            }
        }
        SafetensorsWriter w = new SafetensorsWriter()
                .addI64("indices", indices, n, k)
                .addF32("values", values, n, k);
        if (recon != null) {
            w.addF32("reconstruction", recon, n, dIn);
        }
        w.metadata("sae", saePath.toString())
                .metadata("sae_weights_sha256", sae.weightsSha256())
                .metadata("sae_format", cfg.format().id())
                .metadata("sae_architecture", cfg.architecture().id());
        try {
            w.write(outPath);
        } catch (IOException e) {
            throw new BadInputException(outPath, "cannot write: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("encoded %d tokens with %s (%s, d_sae %d): K = %d, mean L0 = %.2f -> %s%n", n,
                cfg.architecture().id(), cfg.format().id(), cfg.dSae(), k, n == 0 ? 0.0 : (double) nnz / n, outPath);
        out.flush();
    }
}
