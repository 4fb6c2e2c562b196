package dev.pinion.gocompat;

import java.util.function.IntPredicate;

/** Go's {@code strconv.Quote} and {@code strconv.QuoteToASCII}: one escaper, two rules for what stays raw. */
public final class GoQuote {
    private GoQuote() {}

    /** {@code strconv.Quote}: printable Unicode stays raw, everything else is escaped. */
    public static String quote(String s) {
        return quoteWith(s, GoQuote::isPrintable);
    }

    /**
     * {@code strconv.QuoteToASCII}: only printable ASCII stays raw; the rest as lowercase
     * {@code \\uXXXX} (or {@code \\UXXXXXXXX} above U+FFFF).
     */
    public static String quoteToAscii(String s) {
        return quoteWith(s, cp -> cp < 0x80);
    }

    private static String quoteWith(String s, IntPredicate keepRaw) {
        StringBuilder out = new StringBuilder(s.length() + 10).append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                    if (cp < ' ' || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (keepRaw.test(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x10000) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.append(String.format("\\U%08x", cp));
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    // unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
