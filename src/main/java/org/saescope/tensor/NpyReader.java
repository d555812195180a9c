package org.saescope.tensor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Parses numpy {@code .npy} arrays: magic {@code \x93NUMPY}, version 1.0 (16-bit header length),
 * 2.0 or 3.0 (32-bit), then a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} parsed by hand and strictly
 * (exactly those three keys; no eval). Supported descrs: {@code f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1}
 * in either byte order. Every length is checked before anything is allocated.
 */
public final class NpyReader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy itself refuses headers above 10 000 bytes by default; we allow more, but not unbounded. */
    static final int MAX_HEADER_TEXT = 1 << 20;

    private NpyReader() {
    }

    /** Reads a whole {@code .npy} file into memory, checking its size against the header first. */
    public static NpyArray read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            NpyHeader h = readHeader(file, "", in);
            long have = size - h.dataOffset();
            if (have != h.dataBytes()) {
                throw new TensorFormatException(file, "npy says " + h.dataBytes() + " bytes, file has " + have);
            }
            ArrayLimits.checkAllocatable(file, "array '" + stem(file) + "'", h.dataBytes(), 1);
            byte[] data = in.readNBytes((int) h.dataBytes());
            if (data.length != h.dataBytes()) {
                throw new TensorFormatException(file, "npy says " + h.dataBytes() + " bytes, file has " + data.length);
            }
            return NpyArray.of(file, stem(file), h, data);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses a complete {@code .npy} held in memory; {@code file} is only used in messages. */
    public static NpyArray parse(Path file, byte[] bytes) {
        try {
            NpyHeader h = readHeader(file, "", new ByteArrayInputStream(bytes));
            long have = bytes.length - (long) h.dataOffset();
            if (have != h.dataBytes()) {
                throw new TensorFormatException(file, "npy says " + h.dataBytes() + " bytes, file has " + have);
            }
            byte[] data = new byte[(int) have];
            System.arraycopy(bytes, h.dataOffset(), data, 0, data.length);
            return NpyArray.of(file, stem(file), h, data);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory read failed", e); // ByteArrayInputStream cannot fail
        }
    }

    /**
     * Reads and validates the header from {@code in}, leaving the stream at the first data byte.
     * {@code where} prefixes messages (e.g. {@code "entry 'W_enc.npy': "}), empty for a plain file.
     */
    static NpyHeader readHeader(Path file, String where, InputStream in) throws IOException {
        byte[] start = readExactly(file, where, in, 8, "magic and version");
        for (int i = 0; i < MAGIC.length; i++) {
            if (start[i] != MAGIC[i]) {
                throw new TensorFormatException(file, where + "not a .npy array (bad magic; expected \\x93NUMPY)");
            }
        }
        int major = start[6] & 0xff;
        int minor = start[7] & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw new TensorFormatException(file, where + "unsupported npy version " + major + "." + minor
                    + " (SAEscope reads 1.0, 2.0 and 3.0)");
        }
        int lenBytes = major == 1 ? 2 : 4;
        ByteBuffer lenBuf = ByteBuffer.wrap(readExactly(file, where, in, lenBytes, "header length"))
                .order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? lenBuf.getShort() & 0xffff : lenBuf.getInt() & 0xffffffffL;
        if (headerLen > MAX_HEADER_TEXT) {
            throw new TensorFormatException(file, where + "npy header length " + headerLen
                    + " exceeds the " + MAX_HEADER_TEXT + "-byte limit");
        }
        byte[] text = readExactly(file, where, in, (int) headerLen, "header");
        String dict;
        if (major == 3) {
            try {
                dict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(text)).toString();
            } catch (CharacterCodingException e) {
                throw new TensorFormatException(file, where + "npy 3.0 header is not valid UTF-8");
            }
        } else {
            dict = new String(text, StandardCharsets.ISO_8859_1);
        }
        int dataOffset = 8 + lenBytes + (int) headerLen;
        return new NpyHeaderParser(file, where, dict).parse(dataOffset);
    }

    /** A standalone .npy's array is named after its file, without the extension. */
    static String stem(Path file) {
        String n = file.getFileName() == null ? "array" : file.getFileName().toString();
        return n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n;
    }

    private static byte[] readExactly(Path file, String where, InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new TensorFormatException(file, where + "truncated npy " + what + " (needs " + n
                    + " bytes, got " + b.length + ")");
        }
        return b;
    }
}
