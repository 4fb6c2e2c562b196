package dev.pinion.api;

/**
 * A request's {@code Range} against a file of known size, per seed 004 and spec
 * files-backups-transfers.md §4.5: one {@code bytes=} range (first-last, first-, or the suffix -n) is
 * served as 206; an unsatisfiable one is 416; no header, malformed syntax, another unit or several
 * ranges mean the whole file (200).
 */
record ByteRange(Kind kind, long first, long last, long size) {
    /** What to answer. */
    enum Kind {
        WHOLE,
        PARTIAL,
        UNSATISFIABLE
    }

    long length() {
        return kind == Kind.PARTIAL ? last - first + 1 : kind == Kind.WHOLE ? size : 0;
    }

    long offset() {
        return kind == Kind.PARTIAL ? first : 0;
    }

    String contentRange() {
        return kind == Kind.PARTIAL ? "bytes " + first + "-" + last + "/" + size : "bytes */" + size;
    }

    static ByteRange whole(long size) {
        return new ByteRange(Kind.WHOLE, 0, size - 1, size);
    }

    static ByteRange parse(String header, long size) {
        if (header == null) {
            return whole(size);
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return whole(size);
        }
        String spec = value.substring(6).trim();
        if (spec.isEmpty() || spec.contains(",")) {
            return whole(size);
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return whole(size);
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return whole(size);
                }
                long suffix = parseDigits(b);
                if (suffix == 0 || size == 0) {
                    return unsatisfiable(size);
                }
                long first = Math.max(0, size - suffix);
                return new ByteRange(Kind.PARTIAL, first, size - 1, size);
            }
            long first = parseDigits(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : parseDigits(b);
            if (last < first) {
                return whole(size);
            }
            if (first >= size) {
                return unsatisfiable(size);
            }
            return new ByteRange(Kind.PARTIAL, first, Math.min(last, size - 1), size);
        } catch (NumberFormatException e) {
            return whole(size);
        }
    }

    private static ByteRange unsatisfiable(long size) {
        return new ByteRange(Kind.UNSATISFIABLE, 0, -1, size);
    }

    private static long parseDigits(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException(digits);
        }
        if (digits.length() > 18) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(digits);
    }
}
