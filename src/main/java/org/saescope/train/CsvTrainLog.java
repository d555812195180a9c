package org.saescope.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes each progress report as a CSV line (header first), flushed at once so a long run can be
 * watched or plotted while it goes. Columns:
 * {@code step,tokens,loss,mse_loss,penalty,l0,explained_variance,dead_latents}.
 */
public final class CsvTrainLog implements TrainListener, AutoCloseable {
    public static final String HEADER = "step,tokens,loss,mse_loss,penalty,l0,explained_variance,dead_latents";

    private final Writer out;

    public CsvTrainLog(Writer out) {
        this.out = out;
        write(HEADER);
    }

    /** A log written to {@code file} (created or truncated). */
    public static CsvTrainLog open(Path file) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new CsvTrainLog(w);
    }

    @Override
    public void onProgress(TrainProgress p) {
        write(String.format(Locale.ROOT, "%d,%d,%.9g,%.9g,%.9g,%.6g,%.9g,%d", p.step(), p.tokens(), p.loss(),
                p.mseLoss(), p.penalty(), p.l0(), p.explainedVariance(), p.deadLatents()));
    }

    private void write(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training log", e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
