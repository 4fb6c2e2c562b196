package dev.pinion.server.configfiles;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How yaml.v3 writes a string: plain unless it would read back as another type (then double-quoted)
 * or the emitter forbids plain (then single-quoted, or double-quoted when single quotes cannot carry
 * it); multi-line strings as literal blocks.
 */
final class YamlScalarStyle {
    private YamlScalarStyle() {}

    private static final Set<String> NON_STRINGS = Set.of(
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            ".inf",
            ".Inf",
            ".INF",
            "+.inf",
            "+.Inf",
            "+.INF",
            "-.inf",
            "-.Inf",
            "-.INF",
            ".nan",
            ".NaN",
            ".NAN",
            "<<",
            // YAML 1.1 booleans, which yaml.v3 quotes for older readers.
            "y",
            "Y",
            "yes",
            "Yes",
            "YES",
            "on",
            "On",
            "ON",
            "n",
            "N",
            "no",
            "No",
            "NO",
            "off",
            "Off",
            "OFF");
    private static final Pattern INT = Pattern.compile("[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern BASE60 = Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?");

    static String key(String s) {
        String style = value(s, 0);
        // Keys are never written as blocks.
        return style.startsWith("|") ? doubleQuoted(s) : style;
    }

    static String value(String s, int blockIndent) {
        boolean resolvesToString = !NON_STRINGS.contains(s) && !looksNumericOrTime(s);
        Analysis a = analyse(s);
        if (s.indexOf('\n') >= 0) {
            return a.blockAllowed ? literal(s, blockIndent) : doubleQuoted(s);
        }
        if (!resolvesToString) {
            return doubleQuoted(s);
        }
        if (a.blockPlainAllowed) {
            return s;
        }
        return a.singleQuotedAllowed ? "'" + s.replace("'", "''") + "'" : doubleQuoted(s);
    }

    private static boolean looksNumericOrTime(String s) {
        String plain = s.replace("_", "");
        return INT.matcher(plain).matches()
                || FLOAT.matcher(plain).matches()
                || BASE60.matcher(s).matches()
                || TIMESTAMP.matcher(s).matches();
    }

    private record Analysis(boolean blockPlainAllowed, boolean singleQuotedAllowed, boolean blockAllowed) {}

    /** The emitter's scalar analysis (libyaml yaml_emitter_analyze_scalar) for block context. */
    private static Analysis analyse(String s) {
        boolean indicators = s.startsWith("---") || s.startsWith("...");
        boolean special = false;
        boolean tabs = false;
        boolean lineBreaks = false;
        boolean leadingSpace = false;
        boolean trailingSpace = false;
        boolean leadingBreak = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean previousSpace = false;
        boolean previousBreak = false;
        boolean precededByWhitespace = true;
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean first = i == 0;
            boolean last = i == cps.length - 1;
            boolean followedByWhitespace = last || isBlank(cps[i + 1]);
            if (first) {
                if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
                    indicators = true;
                }
                if ((c == '?' || c == ':' || c == '-') && followedByWhitespace) {
                    indicators = true;
                }
            } else {
                if (c == ':' && followedByWhitespace) {
                    indicators = true;
                }
                if (c == '#' && precededByWhitespace) {
                    indicators = true;
                }
            }
            if (c == '\t') {
                tabs = true;
            }
            if (!isPrintable(c) || c == 0xFEFF) {
                special = true;
            }
            if (isBreak(c)) {
                lineBreaks = true;
            }
            if (c == ' ') {
                leadingSpace |= first;
                trailingSpace |= last;
                breakSpace |= previousBreak;
                previousSpace = true;
                previousBreak = false;
            } else if (isBreak(c)) {
                leadingBreak |= first;
                trailingBreak |= last;
                spaceBreak |= previousSpace;
                previousBreak = true;
                previousSpace = false;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = isBlank(c);
        }
        boolean blockPlain = !(leadingSpace
                || leadingBreak
                || trailingSpace
                || trailingBreak
                || breakSpace
                || spaceBreak
                || tabs
                || special
                || lineBreaks
                || indicators);
        boolean single = !(breakSpace || spaceBreak || tabs || special);
        boolean block = !(trailingSpace || spaceBreak || special);
        return new Analysis(blockPlain, single, block);
    }

    private static boolean isBlank(int c) {
        return c == ' ' || c == '\t' || isBreak(c) || c == 0;
    }

    private static boolean isBreak(int c) {
        return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    private static boolean isPrintable(int c) {
        return c == 0x0A
                || (c >= 0x20 && c <= 0x7E)
                || c == 0x85
                || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static String literal(String s, int indent) {
        StringBuilder out = new StringBuilder("|");
        if (s.startsWith(" ") || s.startsWith("\n")) {
            out.append(4);
        }
        if (!s.endsWith("\n")) {
            out.append('-');
        } else if (s.length() == 1 || s.endsWith("\n\n")) {
            out.append('+');
        }
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        for (String line : body.split("\n", -1)) {
            out.append('\n');
            if (!line.isEmpty()) {
                out.append(" ".repeat(indent)).append(line);
            }
        }
        return out.toString();
    }

    static String doubleQuoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case 0 -> out.append("\\0");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case 0x0B -> out.append("\\v");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case 0x1B -> out.append("\\e");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x85 -> out.append("\\N");
                case 0x2028 -> out.append("\\L");
                case 0x2029 -> out.append("\\P");
                default -> {
                    if (!isPrintable(c) || c == 0xFEFF) {
                        out.append(
                                c <= 0xFF
                                        ? String.format("\\x%02X", c)
                                        : c <= 0xFFFF ? String.format("\\u%04X", c) : String.format("\\U%08X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
