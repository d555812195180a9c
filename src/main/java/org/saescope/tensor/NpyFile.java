package org.saescope.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A single {@code .npy} array seen as a {@link TensorSource} with one tensor named after the file
 * (without {@code .npy}). The header and the file size are validated on open; data is read on demand.
 */
public final class NpyFile implements TensorSource {
    private static final int CHUNK_BYTES = 1 << 16;

    private final Path path;
    private final String name;
    private final NpyHeader header;

    private NpyFile(Path path, String name, NpyHeader header) {
        this.path = path;
        this.name = name;
        this.header = header;
    }

    public static NpyFile open(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            NpyHeader h = NpyReader.readHeader(path, "", in);
            long have = Files.size(path) - h.dataOffset();
            if (have != h.dataBytes()) {
                throw new TensorFormatException(path, "npy says " + h.dataBytes() + " bytes, file has " + have);
            }
            return new NpyFile(path, NpyReader.stem(path), h);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path, "no such file");
        } catch (IOException e) {
            throw new BadInputException(path, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<String> names() {
        return List.of(name);
    }

    @Override
    public boolean contains(String n) {
        return name.equals(n);
    }

    @Override
    public TensorInfo info(String n) {
        check(n);
        return header.info(name);
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public float[] readF32(String n) {
        check(n);
        float[] out = new float[ArrayLimits.checkAllocatable(path, "array '" + name + "'", header.numel(), 4)];
        readF32(n, 0, out, 0, out.length);
        return out;
    }

    @Override
    public void readF32(String n, long start, float[] dst, int off, int len) {
        check(n);
        Objects.checkFromIndexSize(off, len, dst.length);
        if (start < 0 || start > header.numel() - len) {
            throw new IndexOutOfBoundsException("elements [" + start + ", " + start + " + " + len
                    + ") outside an array of " + header.numel());
        }
        if (header.fortranOrder() && header.shape().length > 1) {
            NpyReader.read(path).readF32(start, dst, off, len); // must transpose the whole array
            return;
        }
        int size = header.kind().size;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, (long) len * size)).order(header.order());
            long pos = header.dataOffset() + start * size;
            int done = 0;
            while (done < len) {
                int k = Math.min(len - done, buf.capacity() / size);
                buf.clear().limit(k * size);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) {
                        throw new TensorFormatException(path, "file shrank while reading");
                    }
                }
                ElementDecoder.toF32(header.kind(), buf, 0, dst, off + done, k);
                done += k;
                pos += (long) k * size;
            }
        } catch (IOException e) {
            throw new BadInputException(path, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public long[] readI64(String n) {
        check(n);
        return NpyReader.read(path).readI64();
    }

    private void check(String n) {
        if (!name.equals(n)) {
            throw new TensorFormatException(path, "no array named '" + n + "' (a .npy holds one array, '" + name + "')");
        }
    }

    @Override
    public void close() {
        // nothing held open between reads
    }
}
