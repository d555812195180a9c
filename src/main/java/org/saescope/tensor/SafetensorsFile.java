package org.saescope.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A safetensors file (8-byte little-endian header length, JSON header, raw little-endian data),
 * memory-mapped in windows so that files and single tensors above 2 GiB read fine.
 *
 * <p>{@link #open} validates the whole header before anything else is allocated or read: see
 * {@link SafetensorsHeader} for the rules. Reads are thread-safe.
 */
public final class SafetensorsFile implements TensorSource {
    /** Same limit as the reference implementation: a header above 100 MB is refused unread. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private final Path path;
    private final FileChannel channel;
    private final MappedWindows windows;
    private final SafetensorsHeader header;
    private final long dataStart;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, MappedWindows windows, SafetensorsHeader header,
                            long dataStart) {
        this.path = path;
        this.channel = channel;
        this.windows = windows;
        this.header = header;
        this.dataStart = dataStart;
    }

    /** Opens and validates {@code path}; throws {@link TensorFormatException} naming the problem. */
    public static SafetensorsFile open(Path path) {
        return open(path, MappedWindows.DEFAULT_WINDOW, MappedWindows.DEFAULT_STRIDE);
    }

    /** Opens with custom window sizes (tests use tiny windows to exercise reads across them). */
    static SafetensorsFile open(Path path, long window, long stride) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path, "no such file");
        } catch (IOException e) {
            throw new BadInputException(path, "cannot open: " + e.getMessage(), e);
        }
        try {
            long size = ch.size();
            if (size < 8) {
                throw new TensorFormatException(path, "file is " + size
                        + " bytes, too short for a safetensors header (needs at least 8)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 0 || headerLen > MAX_HEADER_BYTES) {
                throw new TensorFormatException(path, "header length " + Long.toUnsignedString(headerLen)
                        + " exceeds the 100 MB limit (not a safetensors file, or a corrupt one)");
            }
            if (8 + headerLen > size) {
                throw new TensorFormatException(path, "header length " + headerLen
                        + " reaches past the end of the file (" + size + " bytes): truncated header");
            }
            ByteBuffer json = ByteBuffer.allocate((int) headerLen);
            readFully(ch, json, 8);
            long dataStart = 8 + headerLen;
            SafetensorsHeader header = SafetensorsHeader.parse(path, json.array(), size - dataStart);
            MappedWindows windows = new MappedWindows(ch, size, window, stride);
            return new SafetensorsFile(path, ch, windows, header, dataStart);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new BadInputException(path, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos + dst.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing with a better message
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<String> names() {
        return List.copyOf(header.entries().keySet());
    }

    @Override
    public boolean contains(String name) {
        return header.entries().containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        return entry(name).info();
    }

    /** All tensors' infos in file order. */
    public List<TensorInfo> infos() {
        List<TensorInfo> out = new ArrayList<>();
        for (SafetensorsHeader.Entry e : header.entries().values()) {
            out.add(e.info());
        }
        return out;
    }

    @Override
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Absolute position in the file of the tensor's first byte. */
    public long fileOffset(String name) {
        return dataStart + entry(name).begin();
    }

    /**
     * The tensor's raw little-endian bytes as a read-only buffer over the mapped file (no copy), if
     * they lie in one mapped window; always the case for tensors up to 512 MiB. Empty otherwise.
     * The buffer stays valid after {@link #close()}.
     */
    public Optional<ByteBuffer> rawBytes(String name) {
        SafetensorsHeader.Entry e = entry(name);
        checkOpen();
        long len = e.end() - e.begin();
        if (len == 0) {
            return Optional.of(ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
        }
        try {
            return Optional.ofNullable(windows.slice(dataStart + e.begin(), len));
        } catch (UncheckedIOException ex) {
            throw new BadInputException(path, "cannot map: " + ex.getCause().getMessage(), ex);
        }
    }

    @Override
    public float[] readF32(String name) {
        TensorInfo info = entry(name).info();
        float[] out = new float[arrayLength(info, 4)];
        readF32(name, 0, out, 0, out.length);
        return out;
    }

    @Override
    public void readF32(String name, long start, float[] dst, int off, int len) {
        SafetensorsHeader.Entry e = entry(name);
        checkRange(e.info(), start, dst.length, off, len);
        ElementKind kind = ElementKind.of(e.info().dtype());
        forEachRun(e, kind, start, len, (buf, done, n) -> ElementDecoder.toF32(kind, buf, 0, dst, off + done, n));
    }

    @Override
    public long[] readI64(String name) {
        TensorInfo info = entry(name).info();
        requireInteger(info);
        long[] out = new long[arrayLength(info, 8)];
        readI64(name, 0, out, 0, out.length);
        return out;
    }

    /** {@code len} integer/bool elements starting at element {@code start} into dst[off..]. */
    public void readI64(String name, long start, long[] dst, int off, int len) {
        SafetensorsHeader.Entry e = entry(name);
        requireInteger(e.info());
        checkRange(e.info(), start, dst.length, off, len);
        ElementKind kind = ElementKind.of(e.info().dtype());
        forEachRun(e, kind, start, len,
                (buf, done, n) -> ElementDecoder.toI64(kind, buf, 0, dst, off + done, n, path, name));
    }

    private interface RunConsumer {
        void accept(ByteBuffer buf, int done, int n);
    }

    /** Splits elements [start, start+len) into runs that each lie inside one mapped window. */
    private void forEachRun(SafetensorsHeader.Entry e, ElementKind kind, long start, int len, RunConsumer c) {
        checkOpen();
        long pos = dataStart + e.begin() + start * kind.size;
        int done = 0;
        try {
            while (done < len) {
                long wanted = (long) (len - done) * kind.size;
                ByteBuffer buf = windows.from(pos, wanted);
                int n = buf.limit() / kind.size; // windows overlap by ≥ 8 bytes, so n ≥ 1
                c.accept(buf, done, n);
                done += n;
                pos += (long) n * kind.size;
            }
        } catch (UncheckedIOException ex) {
            throw new BadInputException(path, "cannot map: " + ex.getCause().getMessage(), ex);
        }
    }

    private void requireInteger(TensorInfo info) {
        if (info.dtype().isFloatingPoint()) {
            throw new TensorFormatException(path, "tensor '" + info.name() + "' is " + info.dtype()
                    + ", not an integer or bool tensor; read it as f32");
        }
    }

    private int arrayLength(TensorInfo info, int elementBytes) {
        return ArrayLimits.checkAllocatable(path, "tensor '" + info.name() + "'", info.numel(), elementBytes);
    }

    private static void checkRange(TensorInfo info, long start, int dstLength, int off, int len) {
        Objects.checkFromIndexSize(off, len, dstLength);
        if (start < 0 || start > info.numel() - len) {
            throw new IndexOutOfBoundsException("elements [" + start + ", " + start + " + " + len
                    + ") outside tensor '" + info.name() + "' of " + info.numel() + " elements");
        }
    }

    private SafetensorsHeader.Entry entry(String name) {
        SafetensorsHeader.Entry e = header.entries().get(name);
        if (e == null) {
            throw new TensorFormatException(path, "no tensor named '" + name + "' (it has "
                    + header.entries().size() + " tensors" + sampleNames() + ")");
        }
        return e;
    }

    private String sampleNames() {
        List<String> names = names();
        if (names.isEmpty()) {
            return "";
        }
        List<String> few = names.subList(0, Math.min(8, names.size()));
        return ": " + String.join(", ", few) + (names.size() > few.size() ? ", ..." : "");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
    }

    /** Closes the file; buffers already returned by {@link #rawBytes} stay readable. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
    }
}
