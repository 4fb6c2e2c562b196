package dev.pinion.server.configfiles;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's regexp ReplaceAllString template rules, which egg authors write for: {@code $1},
 * {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}; a name is the longest run of letters,
 * digits and underscores (so {@code $2x} is the group named {@code 2x}, i.e. empty), and an unknown
 * group is empty rather than an error as it would be in Java.
 */
final class GoRegexTemplate {
    private GoRegexTemplate() {}

    static String replaceAll(Pattern pattern, String input, String template) {
        Matcher m = pattern.matcher(input);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(expand(template, m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (next == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? "" : template.substring(i + 2, close);
                if (close < 0 || name.isEmpty() || !isName(name)) {
                    out.append(c);
                    i++;
                    continue;
                }
                end = close + 1;
            } else {
                end = i + 1;
                while (end < template.length() && isNameChar(template.charAt(end))) {
                    end++;
                }
                name = template.substring(i + 1, end);
                if (name.isEmpty()) {
                    out.append(c);
                    i++;
                    continue;
                }
            }
            out.append(group(m, name));
            i = end;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        String value = null;
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(name);
                value = n <= m.groupCount() ? m.group(n) : null;
            } catch (NumberFormatException tooLarge) {
                value = null;
            }
        } else {
            try {
                value = m.group(name);
            } catch (IllegalArgumentException noSuchGroup) {
                value = null;
            }
        }
        return value == null ? "" : value;
    }

    private static boolean isName(String s) {
        return s.chars().allMatch(ch -> isNameChar((char) ch));
    }

    private static boolean isNameChar(char ch) {
        return ch == '_' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    }
}
