package org.saescope.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A numpy {@code .npz}: a zip of {@code .npy} entries, stored ({@code np.savez}) or deflated
 * ({@code np.savez_compressed}); tensor names are the entry names without {@code .npy}.
 *
 * <p>The zip's declared sizes are never trusted: on open every entry's npy header is read and the
 * size it implies must equal the declared size, and must be reachable from the compressed size
 * (deflate expands at most ~1032×). Reads never take more bytes from an entry than its header
 * implies, so a lying entry or a deflate bomb fails cleanly instead of filling memory.
 */
public final class NpzFile implements TensorSource {
    /** Deflate's best possible ratio is 1032:1; anything claiming more is a bomb or corrupt. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int CHUNK_BYTES = 1 << 16;

    private record Member(ZipEntry entry, NpyHeader header) {
    }

    private final Path path;
    private final ZipFile zip;
    private final Map<String, Member> members;

    private NpzFile(Path path, ZipFile zip, Map<String, Member> members) {
        this.path = path;
        this.zip = zip;
        this.members = Collections.unmodifiableMap(members);
    }

    /** Opens {@code path} and validates every entry's header and sizes. */
    public static NpzFile open(Path path) {
        if (!Files.exists(path)) {
            throw new BadInputException(path, "no such file");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new TensorFormatException(path, "not a valid npz (zip) file: " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path, "no such file");
        } catch (IOException e) {
            throw new BadInputException(path, "cannot read: " + e.getMessage(), e);
        }
        try {
            return new NpzFile(path, zip, readMembers(path, zip));
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static Map<String, Member> readMembers(Path path, ZipFile zip) {
        Map<String, Member> members = new LinkedHashMap<>();
        // Refuse PyTorch zip checkpoints before anything else: they look like zips but are pickles.
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            if (PickleGuard.isPickleEntry(en.nextElement().getName())) {
                throw PickleGuard.refusal(path);
            }
        }
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            if (e.isDirectory()) {
                continue;
            }
            String where = "entry '" + e.getName() + "': ";
            if (!e.getName().endsWith(".npy")) {
                throw new TensorFormatException(path, where + "not a .npy array (an npz holds only .npy entries)");
            }
            String name = e.getName().substring(0, e.getName().length() - 4);
            if (members.containsKey(name)) {
                throw new TensorFormatException(path, where + "appears twice");
            }
            NpyHeader h = readEntryHeader(path, zip, e, where);
            long implied = h.dataOffset() + h.dataBytes();
            if (e.getSize() != implied) {
                throw new TensorFormatException(path, where + "npy says " + implied + " bytes, entry has "
                        + e.getSize() + " (the zip and the npy header disagree)");
            }
            if (e.getMethod() == ZipEntry.DEFLATED) {
                long csize = e.getCompressedSize();
                if (csize < 0 || implied / MAX_DEFLATE_RATIO > csize) {
                    throw new TensorFormatException(path, where + "claims " + implied + " bytes from " + csize
                            + " compressed bytes, more than deflate can produce (a zip bomb or a corrupt file)");
                }
            } else if (e.getMethod() == ZipEntry.STORED) {
                if (e.getCompressedSize() != e.getSize()) {
                    throw new TensorFormatException(path, where + "stored entry's sizes disagree ("
                            + e.getCompressedSize() + " vs " + e.getSize() + ")");
                }
            } else {
                throw new TensorFormatException(path, where + "unsupported zip compression method " + e.getMethod());
            }
            members.put(name, new Member(e, h));
        }
        return members;
    }

    private static NpyHeader readEntryHeader(Path path, ZipFile zip, ZipEntry e, String where) {
        try (InputStream in = zip.getInputStream(e)) {
            return NpyReader.readHeader(path, where, in);
        } catch (IOException | IllegalArgumentException ex) {
            // ZipException, EOFException and inflater errors all mean a corrupt or truncated entry.
            throw new TensorFormatException(path, where + "corrupt or truncated entry: " + ex.getMessage(), ex);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<String> names() {
        return List.copyOf(members.keySet());
    }

    @Override
    public boolean contains(String name) {
        return members.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        return member(name).header().info(name);
    }

    /** Always empty: npz has no metadata. */
    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    /** Loads one entry into memory (at most 2 GiB of data). */
    public NpyArray array(String name) {
        Member m = member(name);
        NpyHeader h = m.header();
        String where = where(m);
        ArrayLimits.checkAllocatable(path, where + "array", h.dataBytes(), 1);
        try (InputStream in = dataStream(m, 0)) {
            byte[] data = readUpTo(in, (int) h.dataBytes(), m);
            checkAtEnd(in, m);
            return NpyArray.of(path, name, h, data);
        } catch (IOException e) {
            throw corrupt(m, e);
        }
    }

    @Override
    public float[] readF32(String name) {
        Member m = member(name);
        float[] out = new float[ArrayLimits.checkAllocatable(path, where(m) + "array", m.header().numel(), 4)];
        readF32(name, 0, out, 0, out.length);
        return out;
    }

    @Override
    public void readF32(String name, long start, float[] dst, int off, int len) {
        Member m = member(name);
        NpyHeader h = m.header();
        Objects.checkFromIndexSize(off, len, dst.length);
        if (start < 0 || start > h.numel() - len) {
            throw new IndexOutOfBoundsException("elements [" + start + ", " + start + " + " + len
                    + ") outside tensor '" + name + "' of " + h.numel() + " elements");
        }
        if (h.fortranOrder() && h.shape().length > 1) {
            array(name).readF32(start, dst, off, len); // column-major: needs the whole array to transpose
            return;
        }
        int size = h.kind().size;
        boolean whole = start == 0 && len == h.numel();
        try (InputStream in = dataStream(m, start * size)) {
            byte[] buf = new byte[(int) Math.min(CHUNK_BYTES, (long) len * size)];
            ByteBuffer view = ByteBuffer.wrap(buf).order(h.order());
            int done = 0;
            while (done < len) {
                int n = Math.min(len - done, buf.length / size);
                int got = in.readNBytes(buf, 0, n * size);
                if (got != n * size) {
                    throw truncated(m, start * size + (long) done * size + got);
                }
                ElementDecoder.toF32(h.kind(), view, 0, dst, off + done, n);
                done += n;
            }
            if (whole) {
                checkAtEnd(in, m);
            }
        } catch (IOException e) {
            throw corrupt(m, e);
        }
    }

    @Override
    public long[] readI64(String name) {
        return array(name).readI64();
    }

    /** The entry's stream positioned {@code skip} bytes into its data. */
    private InputStream dataStream(Member m, long skip) throws IOException {
        InputStream in = zip.getInputStream(m.entry());
        long toSkip = m.header().dataOffset() + skip;
        try {
            in.skipNBytes(toSkip);
        } catch (java.io.EOFException e) {
            in.close();
            throw truncated(m, -1);
        }
        return in;
    }

    private byte[] readUpTo(InputStream in, int n, Member m) throws IOException {
        byte[] data = in.readNBytes(n);
        if (data.length != n) {
            throw truncated(m, data.length);
        }
        return data;
    }

    private void checkAtEnd(InputStream in, Member m) throws IOException {
        if (in.read() != -1) {
            throw new TensorFormatException(path, where(m) + "holds more bytes than its npy header says ("
                    + m.header().dataBytes() + " data bytes)");
        }
    }

    private TensorFormatException truncated(Member m, long got) {
        return new TensorFormatException(path, where(m) + "truncated entry: npy says " + m.header().dataBytes()
                + " data bytes, entry has " + (got < 0 ? "fewer" : String.valueOf(got)));
    }

    private TensorFormatException corrupt(Member m, IOException e) {
        if (e instanceof java.io.EOFException) {
            return new TensorFormatException(path, where(m) + "truncated entry: npy says "
                    + m.header().dataBytes() + " data bytes, the compressed stream ends early", e);
        }
        return new TensorFormatException(path, where(m) + "corrupt entry: " + e.getMessage(), e);
    }

    private static String where(Member m) {
        return "entry '" + m.entry().getName() + "': ";
    }

    private Member member(String name) {
        Member m = members.get(name);
        if (m == null) {
            List<String> names = names();
            String few = String.join(", ", names.subList(0, Math.min(8, names.size())));
            throw new TensorFormatException(path, "no array named '" + name + "' (it has " + names.size()
                    + " arrays" + (names.isEmpty() ? "" : ": " + few + (names.size() > 8 ? ", ..." : "")) + ")");
        }
        return m;
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing useful to report
        }
    }
}
