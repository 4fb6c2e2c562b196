package dev.pinion.api;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} value Wings sends for downloads: {@code attachment; filename="..."}
 * with the name quoted as Go's {@code strconv.Quote} does (spec files-backups-transfers.md §4.4), so no
 * file name can inject a header. A non-ASCII name also gets an RFC 5987 {@code filename*} parameter.
 */
final class GoQuotedFilename {
    private GoQuotedFilename() {
    }

    static String attachment(String name) {
        String value = "attachment; filename=\"" + quote(name) + "\"";
        boolean ascii = name.chars().allMatch(c -> c < 0x80);
        if (!ascii) {
            value += "; filename*=UTF-8''" + percentEncode(name);
            // Jetty writes header characters as single bytes; re-encode so UTF-8 bytes go out raw, as Go's do.
            value = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
        return value;
    }

    /** Go's strconv.Quote without the surrounding quotes. */
    static String quote(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        name.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (isPrintable(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x10000) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        return out.toString();
    }

    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static String percentEncode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
