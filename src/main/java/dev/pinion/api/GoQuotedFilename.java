package dev.pinion.api;

import dev.pinion.gocompat.GoQuote;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} value Wings sends for downloads: {@code attachment; filename="..."}
 * with the name quoted as Go's {@code strconv.Quote} does (spec files-backups-transfers.md §4.4), so no
 * file name can inject a header. A non-ASCII name also gets an RFC 5987 {@code filename*} parameter.
 */
final class GoQuotedFilename {
    private GoQuotedFilename() {}

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
        String quoted = GoQuote.quote(name);
        return quoted.substring(1, quoted.length() - 1);
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
