package org.saescope.tensor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a safetensors file: tensors in insertion order, optional {@code __metadata__}, header
 * padded with spaces to an 8-byte boundary as the reference implementation does, all data
 * little-endian. {@link #write} goes through a temp file in the target directory and an atomic
 * rename, so readers never see a half-written file.
 *
 * <p>The arrays passed in are not copied: do not change them before {@link #write} returns.
 */
public final class SafetensorsWriter {
    /** Elements encoded per chunk while streaming data to disk. */
    private static final int CHUNK_BYTES = 1 << 20;

    private interface Encoder {
        /** Writes elements [from, from + n) little-endian at dst's position. */
        void encode(ByteBuffer dst, int from, int n);
    }

    private record Pending(String name, DType dtype, long[] shape, int numel, Encoder encoder) {
    }

    private final List<Pending> tensors = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter addF32(String name, float[] data, long... shape) {
        return add(name, DType.F32, shape, data.length, (b, from, n) -> b.asFloatBuffer().put(data, from, n));
    }

    /** Stores {@code data} narrowed to f16 (round to nearest even; out-of-range values become ±inf). */
    public SafetensorsWriter addF16(String name, float[] data, long... shape) {
        return add(name, DType.F16, shape, data.length, (b, from, n) -> Float16.f32ToF16(data, from, n, b, b.position()));
    }

    /** Stores {@code data} narrowed to bf16 (round to nearest even, as PyTorch does). */
    public SafetensorsWriter addBF16(String name, float[] data, long... shape) {
        return add(name, DType.BF16, shape, data.length, (b, from, n) -> Float16.f32ToBf16(data, from, n, b, b.position()));
    }

    public SafetensorsWriter addF64(String name, double[] data, long... shape) {
        return add(name, DType.F64, shape, data.length, (b, from, n) -> b.asDoubleBuffer().put(data, from, n));
    }

    public SafetensorsWriter addI64(String name, long[] data, long... shape) {
        return add(name, DType.I64, shape, data.length, (b, from, n) -> b.asLongBuffer().put(data, from, n));
    }

    public SafetensorsWriter addI32(String name, int[] data, long... shape) {
        return add(name, DType.I32, shape, data.length, (b, from, n) -> b.asIntBuffer().put(data, from, n));
    }

    /** Unsigned bytes: each byte's bits are stored as is (read back as 0..255). */
    public SafetensorsWriter addU8(String name, byte[] data, long... shape) {
        return add(name, DType.U8, shape, data.length, (b, from, n) -> b.duplicate().put(data, from, n));
    }

    public SafetensorsWriter addBool(String name, boolean[] data, long... shape) {
        return add(name, DType.BOOL, shape, data.length, (b, from, n) -> {
            for (int i = 0; i < n; i++) {
                b.put(b.position() + i, data[from + i] ? (byte) 1 : (byte) 0);
            }
        });
    }

    /** Adds a {@code __metadata__} entry (string to string, as the format requires). */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    private SafetensorsWriter add(String name, DType dtype, long[] shape, int length, Encoder encoder) {
        Objects.requireNonNull(name, "name");
        if (name.equals(SafetensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("'" + name + "' is reserved for metadata");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' added twice");
        }
        long numel = 1;
        for (long d : shape) {
            if (d < 0) {
                names.remove(name);
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension " + d);
            }
            numel = Math.multiplyExact(numel, d);
        }
        if (numel != length) {
            names.remove(name);
            throw new IllegalArgumentException("tensor '" + name + "': shape " + java.util.Arrays.toString(shape)
                    + " holds " + numel + " elements but the array has " + length);
        }
        tensors.add(new Pending(name, dtype, shape.clone(), length, encoder));
        return this;
    }

    /** The header bytes: JSON padded with spaces so the data starts 8-byte aligned. */
    byte[] headerBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(SafetensorsHeader.METADATA_KEY);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Pending t : tensors) {
                long bytes = (long) t.numel() * t.dtype().size();
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", t.dtype().safetensorsName());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(offset + bytes);
                g.writeEndArray();
                g.writeEndObject();
                offset += bytes;
            }
            g.writeEndObject();
        }
        int pad = (8 - out.size() % 8) % 8;
        for (int i = 0; i < pad; i++) {
            out.write(' ');
        }
        return out.toByteArray();
    }

    /**
     * Writes the file to {@code target}: into a temp file next to it, flushed to disk, then renamed
     * over the target (atomically where the file system allows). The temp file is removed on failure.
     */
    public void write(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        byte[] header = headerBytes();
        // Not Files.createTempFile: that makes the file owner-only (0600); this one follows the umask.
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        Files.createFile(tmp);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (Pending t : tensors) {
                    int perChunk = CHUNK_BYTES / t.dtype().size();
                    for (int from = 0; from < t.numel(); from += perChunk) {
                        int n = Math.min(perChunk, t.numel() - from);
                        chunk.clear();
                        t.encoder().encode(chunk, from, n);
                        chunk.limit(n * t.dtype().size());
                        writeFully(ch, chunk);
                    }
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
