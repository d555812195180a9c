package org.saescope.tensor;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict hand-written parser for the Python dict literal in an npy header. Grammar accepted:
 * <pre>
 *   dict  := '{' ws (entry ws ',' ws)* [entry ws [',' ws]] '}' ws
 *   entry := str ws ':' ws value
 *   value := str | 'True' | 'False' | tuple
 *   tuple := '(' ws ')' | '(' ws int ws ',' ws ')' | '(' ws int (ws ',' ws int)+ ws [',' ws] ')'
 *   int   := digits ['L']          (Python 2 wrote longs with an L)
 *   str   := '...' or "..." without escapes
 * </pre>
 * with exactly the keys {@code descr}, {@code fortran_order} and {@code shape}, each once, as numpy
 * requires. {@code (3)} is not a tuple in Python, so it is refused too.
 */
final class NpyHeaderParser {
    private final Path file;
    private final String where;
    private final String s;
    private int i;

    NpyHeaderParser(Path file, String where, String s) {
        this.file = file;
        this.where = where;
        this.s = s;
    }

    NpyHeader parse(int dataOffset) {
        String descr = null;
        Boolean fortran = null;
        long[] shape = null;
        skipWs();
        expect('{');
        skipWs();
        while (peek() != '}') {
            String key = string();
            skipWs();
            expect(':');
            skipWs();
            switch (key) {
                case "descr" -> {
                    if (descr != null) {
                        throw fail("duplicate key 'descr'");
                    }
                    if (peek() != '\'' && peek() != '"') {
                        throw fail("unsupported descr (structured or non-string dtypes are not supported)");
                    }
                    descr = string();
                }
                case "fortran_order" -> {
                    if (fortran != null) {
                        throw fail("duplicate key 'fortran_order'");
                    }
                    fortran = bool();
                }
                case "shape" -> {
                    if (shape != null) {
                        throw fail("duplicate key 'shape'");
                    }
                    shape = tuple();
                }
                default -> throw fail("unexpected key '" + key + "'");
            }
            skipWs();
            if (peek() == ',') {
                i++;
                skipWs();
            } else if (peek() != '}') {
                throw fail("expected ',' or '}' at offset " + i);
            }
        }
        i++; // the '}'
        skipWs();
        if (i != s.length()) {
            throw fail("unexpected text after the header dict at offset " + i);
        }
        if (descr == null || fortran == null || shape == null) {
            throw fail("header dict lacks " + (descr == null ? "'descr'" : fortran == null ? "'fortran_order'" : "'shape'"));
        }
        Descr d = descr(descr);
        long bytes;
        try {
            long numel = 1;
            for (long dim : shape) {
                numel = Math.multiplyExact(numel, dim);
            }
            bytes = Math.multiplyExact(numel, (long) d.kind.size);
        } catch (ArithmeticException e) {
            throw fail("shape " + java.util.Arrays.toString(shape) + " product overflows");
        }
        return new NpyHeader(d.kind, d.order, fortran, shape, dataOffset, bytes);
    }

    private record Descr(ElementKind kind, ByteOrder order) {
    }

    private Descr descr(String descr) {
        if (descr.length() != 3) {
            throw unsupported(descr);
        }
        char orderChar = descr.charAt(0);
        String type = descr.substring(1);
        ElementKind kind = switch (type) {
            case "f2" -> ElementKind.F16;
            case "f4" -> ElementKind.F32;
            case "f8" -> ElementKind.F64;
            case "i1" -> ElementKind.I8;
            case "i2" -> ElementKind.I16;
            case "i4" -> ElementKind.I32;
            case "i8" -> ElementKind.I64;
            case "u1" -> ElementKind.U8;
            case "u2" -> ElementKind.U16;
            case "u4" -> ElementKind.U32;
            case "u8" -> ElementKind.U64;
            case "b1" -> ElementKind.BOOL;
            default -> throw unsupported(descr);
        };
        ByteOrder order = switch (orderChar) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            case '|' -> {
                if (kind.size != 1) {
                    throw unsupported(descr); // '|' means "not applicable", only valid for one-byte types
                }
                yield ByteOrder.LITTLE_ENDIAN;
            }
            default -> throw unsupported(descr);
        };
        return new Descr(kind, order);
    }

    private TensorFormatException unsupported(String descr) {
        return fail("unsupported dtype descr '" + abbreviate(descr)
                + "' (SAEscope reads float16/32/64, int8..64, uint8..64 and bool"
                + (descr.contains("O") ? "; 'O' arrays are pickled Python objects, which SAEscope never loads" : "")
                + ")");
    }

    private String string() {
        char q = peek();
        if (q != '\'' && q != '"') {
            throw fail("expected a quoted string at offset " + i);
        }
        int end = s.indexOf(q, i + 1);
        if (end < 0) {
            throw fail("unterminated string at offset " + i);
        }
        String out = s.substring(i + 1, end);
        if (out.indexOf('\\') >= 0) {
            throw fail("escapes in header strings are not supported");
        }
        i = end + 1;
        return out;
    }

    private boolean bool() {
        if (s.startsWith("True", i)) {
            i += 4;
            return true;
        }
        if (s.startsWith("False", i)) {
            i += 5;
            return false;
        }
        throw fail("fortran_order must be True or False (offset " + i + ")");
    }

    private long[] tuple() {
        expect('(');
        skipWs();
        List<Long> dims = new ArrayList<>();
        boolean trailingComma = false;
        while (peek() != ')') {
            dims.add(integer());
            skipWs();
            trailingComma = false;
            if (peek() == ',') {
                i++;
                skipWs();
                trailingComma = true;
            } else if (peek() != ')') {
                throw fail("shape: expected ',' or ')' at offset " + i);
            }
        }
        i++;
        if (dims.size() == 1 && !trailingComma) {
            throw fail("shape is not a tuple: (n) needs a trailing comma, (n,)");
        }
        long[] out = new long[dims.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = dims.get(k);
        }
        return out;
    }

    private long integer() {
        int startAt = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == startAt) {
            throw fail("shape entries must be non-negative integers (offset " + startAt + ")");
        }
        String digits = s.substring(startAt, i);
        if (i < s.length() && s.charAt(i) == 'L') {
            i++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw fail("shape entry " + abbreviate(digits) + " is too large");
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw fail("expected '" + c + "' at offset " + i);
        }
        i++;
    }

    private char peek() {
        if (i >= s.length()) {
            throw fail("header dict ends early");
        }
        return s.charAt(i);
    }

    private void skipWs() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\t' || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private static String abbreviate(String v) {
        return v.length() <= 40 ? v : v.substring(0, 37) + "...";
    }

    private TensorFormatException fail(String problem) {
        return new TensorFormatException(file, where + "bad npy header: " + problem);
    }
}
