package dev.pinion.filesystem;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lossless mapping between the raw bytes of a Linux file name and a Java String.
 *
 * <p>Valid UTF-8 decodes as usual. Each byte that is not part of a valid UTF-8 sequence becomes the
 * private-use char U+EF80..U+EFFF (U+EF00 + byte, the OPTU-8 convention) and is turned back into that
 * very byte on the way to the kernel. So that the mapping stays a bijection, a well-formed U+EF80..U+EFFF
 * on disk is itself escaped byte by byte. The result is always valid Unicode, so {@code Path.of} (which
 * refuses unmappable chars) accepts it and a name read by getdents64 stats, opens, deletes and archives
 * the same inode again. The JDK's own sun.nio.fs cannot do this: UnixPath keeps the bytes but its
 * toString replaces invalid ones with U+FFFD, so a name it lists cannot be opened from its String.
 * Without this a game server could hide bytes from the disk quota behind an invalid name (issue #10).
 */
final class FileNameBytes {
    private static final int ESCAPE_BASE = 0xEF00;
    private static final int ESCAPE_FIRST = 0xEF80;
    private static final int ESCAPE_LAST = 0xEFFF;

    private FileNameBytes() {}

    /** Decodes name bytes (no NUL), escaping every byte that is not part of valid UTF-8. */
    static String decode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int length = sequenceLength(bytes, i);
            int codePoint = length == 0 ? -1 : new String(bytes, i, length, StandardCharsets.UTF_8).codePointAt(0);
            if (length == 0 || (codePoint >= ESCAPE_FIRST && codePoint <= ESCAPE_LAST)) {
                int count = Math.max(length, 1);
                for (int k = 0; k < count; k++) {
                    out.append((char) (ESCAPE_BASE | (bytes[i + k] & 0xFF)));
                }
                i += count;
            } else {
                out.appendCodePoint(codePoint);
                i += length;
            }
        }
        return out.toString();
    }

    /** Encodes a name back to its bytes; escaped bytes come back verbatim. */
    static byte[] encode(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            int codePoint = name.codePointAt(i);
            if (codePoint >= ESCAPE_FIRST && codePoint <= ESCAPE_LAST) {
                out.write(codePoint & 0xFF);
            } else if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                out.write('?'); // a lone surrogate has no byte form: the JDK's replacement too
            } else {
                out.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
            }
            i += Character.charCount(codePoint);
        }
        return out.toByteArray();
    }

    /** Length of the well-formed UTF-8 sequence at {@code i} (RFC 3629 table), 0 when malformed. */
    private static int sequenceLength(byte[] b, int i) {
        int b0 = b[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int length;
        int low = 0x80;
        int high = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3;
            low = b0 == 0xE0 ? 0xA0 : 0x80;
            high = b0 == 0xED ? 0x9F : 0xBF;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4;
            low = b0 == 0xF0 ? 0x90 : 0x80;
            high = b0 == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        if (i + length > b.length) {
            return 0;
        }
        int b1 = b[i + 1] & 0xFF;
        if (b1 < low || b1 > high) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int bk = b[i + k] & 0xFF;
            if (bk < 0x80 || bk > 0xBF) {
                return 0;
            }
        }
        return length;
    }
}
