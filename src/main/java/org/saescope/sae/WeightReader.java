package org.saescope.sae;

import java.util.Arrays;
import java.util.List;
import org.saescope.tensor.BadInputException;
import org.saescope.tensor.DType;
import org.saescope.tensor.TensorInfo;
import org.saescope.tensor.TensorSource;

/**
 * Checks tensor shapes against d_in / d_sae from their headers (before any data is read) and reads
 * them as canonical float arrays: matrices stored [out, in] are transposed while reading, a row at
 * a time, so the transposition needs no second full-size copy.
 */
final class WeightReader {
    private final TensorSource src;
    private final int dIn;
    private final int dSae;

    WeightReader(TensorSource src, int dIn, int dSae) {
        this.src = src;
        this.dIn = dIn;
        this.dSae = dSae;
    }

    /** The first of the plan's names present in the file, or null. */
    String resolve(TensorPlan plan) {
        for (String n : plan.names()) {
            if (src.contains(n)) {
                return n;
            }
        }
        return null;
    }

    /** Validates a planned tensor's header; returns whether its data must be transposed. */
    boolean check(TensorPlan plan, String name) {
        TensorInfo info = src.info(name);
        if (!info.dtype().isFloatingPoint()) {
            throw bad(name + " has dtype " + info.dtype() + "; SAE weights must be floating point");
        }
        long[] s = info.shape();
        switch (plan.role()) {
            case W_ENC:
                return orientation(plan, name, s, dIn, dSae, "d_in x d_sae");
            case W_DEC:
                return orientation(plan, name, s, dSae, dIn, "d_sae x d_in");
            case B_DEC:
                vectorShape(name, s, dIn, "d_in", false);
                return false;
            case THRESHOLD:
                vectorShape(name, s, dSae, "d_sae", true);
                return false;
            default:
                vectorShape(name, s, dSae, "d_sae", false);
                return false;
        }
    }

    private boolean orientation(TensorPlan plan, String name, long[] s, int rows, int cols, String what) {
        boolean asIs = s.length == 2 && s[0] == rows && s[1] == cols;
        boolean swapped = s.length == 2 && s[0] == cols && s[1] == rows;
        if (asIs && swapped) {
            return plan.outInByDefault(); // square: only the format's convention can tell
        }
        if (asIs || swapped) {
            return swapped;
        }
        throw bad("tensor " + name + " has shape " + Arrays.toString(s) + ", expected [" + rows + ", "
                + cols + "] (" + what + ") or its transpose");
    }

    private void vectorShape(String name, long[] s, int len, String what, boolean scalarOk) {
        long numel = 1;
        for (long d : s) {
            numel *= d;
        }
        if (scalarOk && numel == 1) {
            return;
        }
        boolean ok = s.length >= 1 && s[s.length - 1] == len && numel == len;
        if (!ok) {
            throw bad("tensor " + name + " has shape " + Arrays.toString(s) + ", expected [" + len + "] ("
                    + what + ")" + (scalarOk ? " or a single value" : ""));
        }
    }

    /** Reads a checked tensor as canonical floats (transposed if told, scalars broadcast). */
    float[] read(TensorPlan plan, String name, boolean transpose) {
        switch (plan.role()) {
            case W_ENC:
                return matrix(name, dIn, dSae, transpose);
            case W_DEC:
                return matrix(name, dSae, dIn, transpose);
            case THRESHOLD: {
                if (src.info(name).numel() == 1) {
                    float[] v = new float[dSae];
                    Arrays.fill(v, src.readF32(name)[0]);
                    return v;
                }
                return src.readF32(name);
            }
            default:
                return src.readF32(name);
        }
    }

    /** A [rows, cols] matrix, read as stored or transposed from [cols, rows]. */
    private float[] matrix(String name, int rows, int cols, boolean transpose) {
        if (!transpose) {
            return src.readF32(name);
        }
        float[] out = new float[Math.multiplyExact(rows, cols)];
        float[] storedRow = new float[rows];
        for (int c = 0; c < cols; c++) { // stored row c holds column c of the canonical matrix
            src.readF32(name, (long) c * rows, storedRow, 0, rows);
            for (int r = 0; r < rows; r++) {
                out[r * cols + c] = storedRow[r];
            }
        }
        return out;
    }

    /** Adds a warning when a tensor holds NaN or infinite values (they are kept as they are). */
    static void scanNonFinite(String name, float[] v, List<String> warnings) {
        int nan = 0;
        int inf = 0;
        for (float f : v) {
            if (Float.isNaN(f)) {
                nan++;
            } else if (Float.isInfinite(f)) {
                inf++;
            }
        }
        if (nan + inf > 0) {
            warnings.add(name + ": " + nan + " NaN and " + inf + " infinite values among " + v.length
                    + "; features that touch them produce NaN/Inf");
        }
    }

    /** The torch name of a stored dtype ("float32", "bfloat16"…). */
    static String torchName(DType d) {
        switch (d) {
            case F64:
                return "float64";
            case F32:
                return "float32";
            case F16:
                return "float16";
            case BF16:
                return "bfloat16";
            default:
                return d.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The torch dtype name of the first tensor among names present, or "float32". */
    static String storedDtype(TensorSource src, String... names) {
        for (String n : names) {
            if (src.contains(n)) {
                return torchName(src.info(n).dtype());
            }
        }
        return "float32";
    }

    /**
     * The header of an encoder stored [d_in, d_sae], for the formats that take both sizes from it
     * (Gemma Scope has no config, Gemma Scope 2's has none of the sizes): 2-D, both sizes positive
     * and small enough for an int.
     */
    static TensorInfo encoderMatrix(TensorSource src, String name) {
        TensorInfo info = src.info(name);
        if (info.rank() != 2 || info.dim(0) <= 0 || info.dim(1) <= 0
                || info.dim(0) > Integer.MAX_VALUE || info.dim(1) > Integer.MAX_VALUE) {
            throw new BadInputException(src.path(), "tensor " + name + " has shape "
                    + Arrays.toString(info.shape()) + ", expected [d_in, d_sae]");
        }
        return info;
    }

    private BadInputException bad(String problem) {
        return new BadInputException(src.path(), problem);
    }
}
