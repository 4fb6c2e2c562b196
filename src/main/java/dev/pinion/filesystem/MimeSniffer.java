package dev.pinion.filesystem;

import java.nio.charset.StandardCharsets;

/**
 * Content-based MIME detection on a file's first {@value #LIMIT} bytes, producing the strings of the
 * gabriel-vasile/mimetype library Wings uses, because the Panel decides "editable" and "archive" from
 * them (spec files-backups-transfers.md §1.6). Binary data that is not recognised is never called text.
 */
public final class MimeSniffer {
    /** How many leading bytes are inspected (mimetype's default read limit). */
    public static final int LIMIT = 3072;

    public static final String DIRECTORY = "inode/directory";
    public static final String OCTET_STREAM = "application/octet-stream";
    private static final String TEXT = "text/plain; charset=utf-8";

    /** Detects the MIME of {@code length} bytes of {@code head}. */
    public String detect(byte[] head, int length) {
        if (length <= 0) {
            return "text/plain";
        }
        String binary = binary(head, length);
        if (binary != null) {
            return binary;
        }
        if (!isText(head, length)) {
            return OCTET_STREAM;
        }
        return text(new String(head, 0, length, StandardCharsets.UTF_8));
    }

    private static String binary(byte[] b, int n) {
        if (starts(b, n, 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C)) {
            return "application/x-7z-compressed";
        }
        if (starts(b, n, 'P', 'K', 3, 4) || starts(b, n, 'P', 'K', 5, 6)) {
            return contains(b, n, "META-INF/") ? "application/jar" : "application/zip";
        }
        if (starts(b, n, 0x1F, 0x8B)) {
            return "application/gzip";
        }
        if (starts(b, n, 'B', 'Z', 'h')) {
            return "application/x-bzip2";
        }
        if (starts(b, n, 0xFD, '7', 'z', 'X', 'Z', 0)) {
            return "application/x-xz";
        }
        if (starts(b, n, 0x28, 0xB5, 0x2F, 0xFD)) {
            return "application/zstd";
        }
        if (starts(b, n, 'R', 'a', 'r', '!', 0x1A, 0x07)) {
            return "application/x-rar-compressed";
        }
        if (starts(b, n, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n')) {
            return "image/png";
        }
        if (starts(b, n, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(b, n, 'G', 'I', 'F', '8', '7', 'a') || starts(b, n, 'G', 'I', 'F', '8', '9', 'a')) {
            return "image/gif";
        }
        if (n >= 12 && starts(b, n, 'R', 'I', 'F', 'F') && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        if (starts(b, n, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        if (n >= 262 && b[257] == 'u' && b[258] == 's' && b[259] == 't' && b[260] == 'a' && b[261] == 'r') {
            return "application/x-tar";
        }
        return null;
    }

    private static String text(String s) {
        String t = s.stripLeading();
        String lower = t.length() > 512 ? t.substring(0, 512).toLowerCase() : t.toLowerCase();
        if (lower.startsWith("<?php")) {
            return "text/x-php";
        }
        if (lower.startsWith("<?xml")) {
            return lower.contains("<svg") ? "image/svg+xml" : "text/xml; charset=utf-8";
        }
        if (lower.startsWith("<svg")) {
            return "image/svg+xml";
        }
        if (lower.startsWith("<!doctype html")
                || lower.startsWith("<html")
                || lower.startsWith("<head")
                || lower.startsWith("<body")) {
            return "text/html; charset=utf-8";
        }
        if (lower.startsWith("#!")) {
            String firstLine = lower.lines().findFirst().orElse("");
            if (firstLine.contains("python")) {
                return "text/x-python";
            }
            if (firstLine.contains("lua")) {
                return "text/x-lua";
            }
            if (firstLine.contains("perl")) {
                return "text/x-perl";
            }
            if (firstLine.contains("node")) {
                return "application/javascript";
            }
        }
        if (looksLikeJson(t)) {
            return "application/json";
        }
        return TEXT;
    }

    private static boolean looksLikeJson(String t) {
        String trimmed = t.strip();
        if (trimmed.length() < 2) {
            return false;
        }
        char first = trimmed.charAt(0);
        char last = trimmed.charAt(trimmed.length() - 1);
        return (first == '{' && last == '}') || (first == '[' && last == ']');
    }

    /** UTF-8 (a sequence cut by the read limit is tolerated) with no binary control bytes. */
    private static boolean isText(byte[] b, int n) {
        int i = 0;
        if (starts(b, n, 0xEF, 0xBB, 0xBF)) {
            i = 3;
        }
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0C && c != 0x1B) {
                    return false;
                }
                i++;
                continue;
            }
            int extra = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c <= 0xDF ? 1 : -1;
            if (extra < 0 || c > 0xF4) {
                return false;
            }
            for (int k = 1; k <= extra; k++) {
                if (i + k >= n) {
                    return n == LIMIT;
                }
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += extra + 1;
        }
        return true;
    }

    private static boolean starts(byte[] b, int n, int... prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != (prefix[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] b, int n, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= n; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (b[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
