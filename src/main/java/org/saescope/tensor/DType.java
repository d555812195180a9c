package org.saescope.tensor;

/** Element types SAEscope reads, with their safetensors names and byte sizes. */
public enum DType {
    F64("F64", 8), F32("F32", 4), F16("F16", 2), BF16("BF16", 2),
    I64("I64", 8), I32("I32", 4), I16("I16", 2), I8("I8", 1), U8("U8", 1), BOOL("BOOL", 1);

    private final String safetensorsName;
    private final int size;

    DType(String safetensorsName, int size) {
        this.safetensorsName = safetensorsName;
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The dtype string used in a safetensors header, e.g. {@code "BF16"}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    public boolean isFloatingPoint() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** The dtype for a safetensors header string, or null when SAEscope does not know it. */
    public static DType fromSafetensorsName(String s) {
        for (DType d : values()) {
            if (d.safetensorsName.equals(s)) {
                return d;
            }
        }
        return null;
    }
}
