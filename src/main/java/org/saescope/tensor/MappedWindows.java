package org.saescope.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A read-only file seen through memory-mapped windows, so that files (and single ranges) larger
 * than 2 GiB can be read although a {@link MappedByteBuffer} is int-indexed.
 *
 * <p>Window k maps the file bytes {@code [k·stride, k·stride + window)}. Windows overlap by
 * {@code window - stride}, so any range of at most {@code window - stride} bytes lies wholly inside
 * the window that contains its first byte: that is what lets {@link #slice} hand out most tensors
 * zero-copy. Windows are mapped lazily and kept (mapping costs address space, not memory). Thread-safe.
 */
final class MappedWindows {
    /** 1 GiB windows every 512 MiB: any tensor up to 512 MiB fits one window. */
    static final long DEFAULT_WINDOW = 1L << 30;
    static final long DEFAULT_STRIDE = 1L << 29;

    private final FileChannel channel;
    private final long fileSize;
    private final long window;
    private final long stride;
    private final AtomicReferenceArray<ByteBuffer> windows;

    MappedWindows(FileChannel channel, long fileSize, long window, long stride) {
        if (stride <= 0 || window - stride < 8 || window > Integer.MAX_VALUE) {
            // ≥ 8 bytes of overlap means no element of any dtype ever straddles two windows.
            throw new IllegalArgumentException("window " + window + " / stride " + stride);
        }
        this.channel = channel;
        this.fileSize = fileSize;
        this.window = window;
        this.stride = stride;
        this.windows = new AtomicReferenceArray<>((int) Math.min(Integer.MAX_VALUE - 8, fileSize / stride + 1));
    }

    /**
     * A little-endian read-only buffer whose index 0 is file byte {@code pos}, covering at least
     * {@code min(wanted, bytes left in the file)} bytes when they lie in one window, and at least
     * {@code window - stride} bytes otherwise (fewer only at the end of the file).
     */
    ByteBuffer from(long pos, long wanted) {
        int k = (int) (pos / stride);
        ByteBuffer w = window(k);
        int rel = (int) (pos - (long) k * stride);
        long len = Math.min(wanted, w.limit() - rel);
        return w.slice(rel, (int) len).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The bytes {@code [pos, pos + len)} as one little-endian read-only buffer, or null if they cross windows. */
    ByteBuffer slice(long pos, long len) {
        if (len > window) {
            return null;
        }
        ByteBuffer b = from(pos, len);
        return b.limit() == len ? b : null;
    }

    private ByteBuffer window(int k) {
        ByteBuffer w = windows.get(k);
        if (w == null) {
            long start = k * stride;
            long size = Math.min(window, fileSize - start);
            try {
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, start, size);
                w = mapped.asReadOnlyBuffer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!windows.compareAndSet(k, null, w)) {
                w = windows.get(k);
            }
        }
        return w;
    }
}
