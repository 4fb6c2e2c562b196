package dev.pinion.server.configfiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Java properties file read as Wings' library (magiconair/properties, UTF-8 mode) reads it: keys in
 * first-seen order, later duplicates overwrite, {@code ${name}} references expanded on read.
 *
 * <p>Unlike that library, an undefined reference is never looked up in the daemon's own process
 * environment: it expands to the empty string, so a config file cannot pull daemon secrets.
 */
final class PropertiesDocument {
    private final Map<String, String> raw = new LinkedHashMap<>();

    static PropertiesDocument parse(String text) throws ConfigFileException {
        PropertiesDocument doc = new PropertiesDocument();
        new Lexer(text, doc.raw).run();
        for (String key : doc.raw.keySet()) {
            doc.expand(key, doc.raw.get(key));
        }
        return doc;
    }

    List<String> keys() {
        return new ArrayList<>(raw.keySet());
    }

    /** The expanded value, empty when the key is absent. */
    Optional<String> get(String key) throws ConfigFileException {
        String value = raw.get(key);
        return value == null ? Optional.empty() : Optional.of(expand(key, value));
    }

    void set(String key, String value) throws ConfigFileException {
        expand(key, value);
        raw.put(key, value);
    }

    private String expand(String key, String value) throws ConfigFileException {
        List<String> seen = new ArrayList<>();
        seen.add(key);
        return expand(value, seen);
    }

    private String expand(String s, List<String> seen) throws ConfigFileException {
        while (true) {
            int start = s.indexOf("${");
            if (start < 0) {
                return s;
            }
            int close = s.indexOf('}', start + 2);
            if (close < 0) {
                throw new ConfigFileException("malformed expression in value \"" + s + "\"");
            }
            String name = s.substring(start + 2, close);
            if (seen.contains(name)) {
                throw new ConfigFileException(
                        "circular reference in \"" + String.join(" -> ", seen) + " -> " + name + "\"");
            }
            String value = raw.getOrDefault(name, "");
            List<String> deeper = new ArrayList<>(seen);
            deeper.add(name);
            s = s.substring(0, start) + expand(value, deeper) + s.substring(close + 1);
        }
    }

    /** The properties grammar: separators =, : or whitespace; # and ! comments; \ escapes and continuations. */
    private static final class Lexer {
        private final String text;
        private final Map<String, String> into;
        private int pos;
        private int line = 1;

        Lexer(String text, Map<String, String> into) {
            this.text = text;
            this.into = into;
        }

        void run() throws ConfigFileException {
            while (true) {
                skipWhitespaceAndBlankLines();
                if (pos >= text.length()) {
                    return;
                }
                char c = text.charAt(pos);
                if (c == '#' || c == '!') {
                    skipToEndOfLine();
                    continue;
                }
                String key = readKey();
                skipInlineSpace();
                if (pos < text.length() && (text.charAt(pos) == '=' || text.charAt(pos) == ':')) {
                    pos++;
                    skipInlineSpace();
                }
                String value = readValue();
                into.put(key, value);
            }
        }

        private String readKey() throws ConfigFileException {
            StringBuilder key = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r') {
                    break;
                }
                if (c == '\\') {
                    escape(key);
                } else {
                    key.append(c);
                    pos++;
                }
            }
            return key.toString();
        }

        private String readValue() throws ConfigFileException {
            StringBuilder value = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n' || c == '\r') {
                    break;
                }
                if (c == '\\') {
                    escape(value);
                } else {
                    value.append(c);
                    pos++;
                }
            }
            return value.toString();
        }

        /** At a backslash: a line continuation, a \\uXXXX literal or a single escaped character. */
        private void escape(StringBuilder into) throws ConfigFileException {
            pos++;
            if (pos >= text.length()) {
                throw new ConfigFileException("premature end of file after \\ on line " + line);
            }
            char c = text.charAt(pos);
            if (c == '\n' || c == '\r') {
                pos++;
                if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                line++;
                skipInlineSpace();
                return;
            }
            if (c == 'u') {
                if (pos + 5 > text.length()) {
                    throw new ConfigFileException("invalid unicode literal on line " + line);
                }
                String hex = text.substring(pos + 1, pos + 5);
                if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                    throw new ConfigFileException("invalid unicode literal \\u" + hex + " on line " + line);
                }
                into.append((char) Integer.parseInt(hex, 16));
                pos += 5;
                return;
            }
            into.append(
                    switch (c) {
                        case 't' -> '\t';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 'f' -> '\f';
                        default -> c;
                    });
            pos++;
        }

        private void skipInlineSpace() {
            while (pos < text.length()
                    && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == '\f')) {
                pos++;
            }
        }

        private void skipWhitespaceAndBlankLines() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n') {
                    line++;
                } else if (c != ' ' && c != '\t' && c != '\f' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private void skipToEndOfLine() {
            while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                pos++;
            }
        }
    }
}
