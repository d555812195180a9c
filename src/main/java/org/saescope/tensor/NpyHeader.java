package org.saescope.tensor;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The validated header of one {@code .npy} array: element encoding, byte order, layout and shape,
 * plus where its data starts and how many data bytes the header implies.
 *
 * @param kind         element encoding
 * @param order        byte order of multi-byte elements
 * @param fortranOrder true if the data is column-major (it is converted to row-major on read)
 * @param shape        dimensions
 * @param dataOffset   bytes before the data (magic, version, length field and header text)
 * @param dataBytes    numel × item size, checked for overflow
 */
record NpyHeader(ElementKind kind, ByteOrder order, boolean fortranOrder, long[] shape, int dataOffset,
                 long dataBytes) {
    NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    long numel() {
        return dataBytes / kind.size;
    }

    /** What {@link TensorSource#info} reports: unsigned ints above 8 bits read as the wider signed type. */
    TensorInfo info(String name) {
        return new TensorInfo(name, kind.readsAs(), shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.kind == kind && h.order.equals(order) && h.fortranOrder == fortranOrder
                && Arrays.equals(h.shape, shape) && h.dataOffset == dataOffset && h.dataBytes == dataBytes;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + kind.hashCode();
    }
}
