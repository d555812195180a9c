package org.saescope.lm.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.saescope.tensor.BadInputException;

/**
 * Reads a file line by line as strict UTF-8, so that a bad byte is reported with the number of the
 * line it is on (a {@code Reader} decodes ahead in blocks and cannot say). Accepts {@code \n} and
 * {@code \r\n} endings and drops a leading byte-order mark. A line longer than {@link #MAX_LINE_BYTES}
 * is refused rather than allowed to exhaust memory.
 */
final class Utf8Lines implements AutoCloseable {
    static final int MAX_LINE_BYTES = 64 << 20;

    private final Path file;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf = new byte[8192];
    private long lineNumber;
    private boolean eof;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkLen;

    private Utf8Lines(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    static Utf8Lines open(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file, "is a folder, not a file");
        }
        try {
            return new Utf8Lines(file, Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Every line of a small file read whole (cats.txt, vocab.bpe) rather than streamed: strict
     * UTF-8 as well, with {@link Files#readAllLines}'s line endings, but no line numbers for a bad
     * byte and no length cap, so only for files that are small by their nature.
     */
    static List<String> readAll(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found");
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "not valid UTF-8", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** The 1-based number of the line last returned by {@link #next()}. */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its ending, or null at the end of the file. */
    String next() {
        if (eof) {
            return null;
        }
        int n = 0;
        while (true) {
            if (chunkPos == chunkLen && !fill()) {
                eof = true;
                if (n == 0) {
                    return null;
                }
                break;
            }
            int nl = chunkPos;
            while (nl < chunkLen && chunk[nl] != '\n') {
                nl++;
            }
            int len = nl - chunkPos;
            if ((long) n + len > MAX_LINE_BYTES) {
                throw new BadInputException(file, "line " + (lineNumber + 1) + ": longer than "
                        + (MAX_LINE_BYTES >> 20) + " MiB");
            }
            if (n + len > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(n + len, Math.min(buf.length * 2, MAX_LINE_BYTES)));
            }
            System.arraycopy(chunk, chunkPos, buf, n, len);
            n += len;
            chunkPos = nl;
            if (nl < chunkLen) {
                chunkPos++; // past the newline
                break;
            }
        }
        lineNumber++;
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        String line;
        try {
            line = decoder.reset().decode(ByteBuffer.wrap(buf, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "line " + lineNumber + ": not valid UTF-8");
        }
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        return line;
    }

    private boolean fill() {
        try {
            int r;
            do {
                r = in.read(chunk, 0, chunk.length);
            } while (r == 0);
            chunkPos = 0;
            chunkLen = Math.max(r, 0);
            return r > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
