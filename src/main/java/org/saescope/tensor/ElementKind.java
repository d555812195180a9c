package org.saescope.tensor;

/**
 * How raw element bytes are encoded. A superset of {@link DType}: npy files also carry unsigned
 * 16/32/64-bit integers, which SAEscope reads as the next wider signed {@link DType}.
 */
enum ElementKind {
    F64(8, true), F32(4, true), F16(2, true), BF16(2, true),
    I64(8, false), I32(4, false), I16(2, false), I8(1, false),
    U64(8, false), U32(4, false), U16(2, false), U8(1, false), BOOL(1, false);

    final int size;
    final boolean floating;

    ElementKind(int size, boolean floating) {
        this.size = size;
        this.floating = floating;
    }

    static ElementKind of(DType d) {
        return switch (d) {
            case F64 -> F64;
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
            case I64 -> I64;
            case I32 -> I32;
            case I16 -> I16;
            case I8 -> I8;
            case U8 -> U8;
            case BOOL -> BOOL;
        };
    }

    /** The {@link DType} this kind is reported and read as (unsigned wider ints become signed ones). */
    DType readsAs() {
        return switch (this) {
            case F64 -> DType.F64;
            case F32 -> DType.F32;
            case F16 -> DType.F16;
            case BF16 -> DType.BF16;
            case I64, U64, U32 -> DType.I64;
            case I32, U16 -> DType.I32;
            case I16 -> DType.I16;
            case I8 -> DType.I8;
            case U8 -> DType.U8;
            case BOOL -> DType.BOOL;
        };
    }
}
