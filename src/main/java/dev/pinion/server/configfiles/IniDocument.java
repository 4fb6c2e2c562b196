package dev.pinion.server.configfiles;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An INI file read and written as Wings' library (go-ini with its default options) does: blank lines
 * dropped, comments attached to the next section or key and normalised to {@code ; text}, inline
 * {@code #}/{@code ;} comments cut from unquoted values, surrounding quotes removed; written back as
 * {@code key = value} aligned per section with a blank line after every section.
 */
final class IniDocument {
    static final String DEFAULT_SECTION = "DEFAULT";

    private final Map<String, Section> sections = new LinkedHashMap<>();

    private IniDocument() {
        sections.put(DEFAULT_SECTION, new Section(""));
    }

    private static final class Section {
        String comment;
        final Map<String, Key> keys = new LinkedHashMap<>();

        Section(String comment) {
            this.comment = comment;
        }
    }

    private static final class Key {
        String value;
        String comment;

        Key(String value, String comment) {
            this.value = value;
            this.comment = comment;
        }
    }

    static IniDocument parse(String text) throws ConfigFileException {
        IniDocument doc = new IniDocument();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Section section = doc.sections.get(DEFAULT_SECTION);
        StringBuilder comment = new StringBuilder();
        List<String> lines = text.lines().limit(ConfigFileStore.MAX_NODES + 1).toList();
        if (lines.size() > ConfigFileStore.MAX_NODES) {
            throw TextLines.tooManyLines();
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == '#' || line.charAt(0) == ';') {
                if (!comment.isEmpty()) {
                    comment.append('\n');
                }
                comment.append(line);
                continue;
            }
            if (line.charAt(0) == '[') {
                int close = line.lastIndexOf(']');
                if (close < 0) {
                    throw new ConfigFileException("unclosed section on line " + number + ": " + line);
                }
                String name = line.substring(1, close);
                section = doc.section(name.isEmpty() ? DEFAULT_SECTION : name);
                section.comment = comment.toString().strip();
                comment.setLength(0);
                continue;
            }
            int delimiter = indexOfAny(line, "=:");
            if (delimiter < 0) {
                throw new ConfigFileException("key-value delimiter not found on line " + number + ": " + line);
            }
            String name = line.substring(0, delimiter).strip();
            if (name.isEmpty()) {
                throw new ConfigFileException("empty key name on line " + number);
            }
            StringBuilder rawValue = new StringBuilder(line.substring(delimiter + 1));
            // A trailing backslash continues the value on the next line.
            while (rawValue.toString().strip().endsWith("\\") && i + 1 < lines.size()) {
                String joined = rawValue.toString().strip();
                rawValue.setLength(0);
                rawValue.append(joined, 0, joined.length() - 1)
                        .append(lines.get(++i).stripLeading());
            }
            Key existing = section.keys.get(name);
            String value = value(rawValue.toString());
            if (existing != null) {
                existing.value = value;
                existing.comment = comment.toString().strip();
            } else {
                section.keys.put(name, new Key(value, comment.toString().strip()));
            }
            comment.setLength(0);
        }
        return doc;
    }

    private static String value(String raw) {
        String line = raw.stripLeading();
        if (line.isEmpty()) {
            return "";
        }
        String quote = line.length() > 3 && line.startsWith("\"\"\"") ? "\"\"\"" : line.startsWith("`") ? "`" : null;
        if (quote != null) {
            int end = line.lastIndexOf(quote);
            if (end >= quote.length()) {
                return line.substring(quote.length(), end);
            }
        }
        line = line.strip();
        int comment = indexOfAny(line, "#;");
        if (comment >= 0) {
            line = line.substring(0, comment).strip();
        }
        if (surrounded(line, '\'') || surrounded(line, '"')) {
            line = line.substring(1, line.length() - 1);
        }
        return line;
    }

    private static boolean surrounded(String s, char quote) {
        return s.length() >= 2
                && s.charAt(0) == quote
                && s.charAt(s.length() - 1) == quote
                && s.substring(1, s.length() - 1).indexOf(quote) < 0;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private Section section(String name) {
        return sections.computeIfAbsent(name, n -> new Section(""));
    }

    Optional<String> get(String section, String key) {
        Section s = sections.get(section.isEmpty() ? DEFAULT_SECTION : section);
        Key k = s == null ? null : s.keys.get(key);
        return k == null ? Optional.empty() : Optional.of(k.value);
    }

    void set(String section, String key, String value) throws ConfigFileException {
        if (key.isEmpty()) {
            throw new ConfigFileException("empty key name");
        }
        Section s = section(section.isEmpty() ? DEFAULT_SECTION : section);
        Key k = s.keys.get(key);
        if (k == null) {
            s.keys.put(key, new Key(value, ""));
        } else {
            k.value = value;
        }
    }

    String write() {
        StringBuilder out = new StringBuilder();
        boolean firstSection = true;
        for (Map.Entry<String, Section> entry : sections.entrySet()) {
            String name = entry.getKey();
            Section section = entry.getValue();
            boolean isDefault = firstSection && name.equals(DEFAULT_SECTION);
            firstSection = false;
            comment(section.comment, out);
            if (!isDefault) {
                out.append('[').append(name).append("]\n");
            } else if (section.keys.isEmpty()) {
                continue;
            }
            int align = 0;
            for (String key : section.keys.keySet()) {
                align = Math.max(align, quotedKey(key).getBytes(StandardCharsets.UTF_8).length);
            }
            for (Map.Entry<String, Key> key : section.keys.entrySet()) {
                comment(key.getValue().comment, out);
                String name2 = quotedKey(key.getKey());
                out.append(name2).append(" ".repeat(align - name2.getBytes(StandardCharsets.UTF_8).length));
                out.append(" = ").append(quotedValue(key.getValue().value)).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void comment(String comment, StringBuilder out) {
        if (comment.isEmpty()) {
            return;
        }
        for (String line : comment.split("\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == '#' || line.charAt(0) == ';')) {
                out.append(line.charAt(0)).append(' ').append(line.substring(1).strip());
            } else {
                out.append("; ").append(line.strip());
            }
            out.append('\n');
        }
    }

    private static String quotedKey(String key) {
        if (key.contains("\"") || indexOfAny(key, "=:") >= 0) {
            return "`" + key + "`";
        }
        return key.contains("`") ? "\"\"\"" + key + "\"\"\"" : key;
    }

    private static String quotedValue(String value) {
        if (value.contains("\n") || value.contains("`")) {
            return "\"\"\"" + value + "\"\"\"";
        }
        if (indexOfAny(value, "#;") >= 0) {
            return "`" + value + "`";
        }
        return value.strip().length() != value.length() ? "\"" + value + "\"" : value;
    }
}
