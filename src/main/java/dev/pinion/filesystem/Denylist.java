package dev.pinion.filesystem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The egg's {@code file_denylist}, matched exactly as Wings' go-gitignore library translates each line
 * to a regular expression (spec files-backups-transfers.md §1.3) — which is not git's algorithm: for
 * example {@code ?} is a literal and a negation only clears an earlier match. Also used for backup
 * ignore text. Immutable; compile once per server configuration sync.
 */
public final class Denylist {
    private static final Pattern SLASH_STAR_DOT = Pattern.compile("([^/+])/.*\\*\\.");
    // Placeholder for a '*' that must survive the single-star rewrite; cannot occur in a line.
    private static final String MAGIC_STAR = "#$~";

    private record Rule(Pattern pattern, boolean negate) {}

    private final List<Rule> rules;

    private Denylist(List<Rule> rules) {
        this.rules = rules;
    }

    /** A denylist that matches nothing. */
    public static Denylist empty() {
        return new Denylist(List.of());
    }

    /** Compiles the lines; comments, blanks and lines that do not compile are dropped, as in Wings. */
    public static Denylist compile(Collection<String> lines) {
        List<Rule> rules = new ArrayList<>();
        if (lines != null) {
            for (String line : lines) {
                Rule rule = translate(line);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        return new Denylist(List.copyOf(rules));
    }

    /** Compiles gitignore text split on newlines (backup ignore files). */
    public static Denylist compile(String text) {
        return compile(text == null ? List.of() : List.of(text.split("\n", -1)));
    }

    /** True when the path (slashes as separators, leading '/' optional) is denied. */
    public boolean matches(String path) {
        boolean matched = false;
        for (Rule rule : rules) {
            Matcher m = rule.pattern.matcher(path);
            if (m.find()) {
                if (!rule.negate) {
                    matched = true;
                } else if (matched) {
                    matched = false;
                }
            }
        }
        return matched;
    }

    /** True when the normalised server path is denied. */
    public boolean matches(SafePath path) {
        return !rules.isEmpty() && matches(path.slashPath());
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    private static Rule translate(String raw) {
        if (raw == null) {
            return null;
        }
        String line = raw;
        while (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.startsWith("#")) {
            return null;
        }
        line = trimSpaces(line);
        if (line.isEmpty()) {
            return null;
        }
        boolean negate = false;
        if (line.charAt(0) == '!') {
            negate = true;
            line = line.substring(1);
        }
        if (line.startsWith("#") || line.startsWith("!")) {
            line = line.substring(1);
        }
        if (SLASH_STAR_DOT.matcher(line).find() && !line.startsWith("/")) {
            line = "/" + line;
        }
        line = line.replace(".", "\\.");
        if (line.startsWith("/**/")) {
            line = line.substring(1);
        }
        line = line.replace("/**/", "(/|/.+/)");
        line = line.replace("**/", "(|." + MAGIC_STAR + "/)");
        line = line.replace("/**", "(|/." + MAGIC_STAR + ")");
        line = line.replace("\\*", "\\" + MAGIC_STAR);
        line = line.replace("*", "([^/]*)");
        line = line.replace("?", "\\?");
        line = line.replace(MAGIC_STAR, "*");
        // Wings appends '$'; Java's '$' also matches before a final line terminator, '\z' does not.
        String expr = line.endsWith("/") ? line + "(|.*)\\z" : line + "(|/.*)\\z";
        expr = expr.startsWith("/") ? "^(|/)" + expr.substring(1) : "^(|.*/)" + expr;
        try {
            return new Rule(Pattern.compile(expr), negate);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private static String trimSpaces(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && s.charAt(begin) == ' ') {
            begin++;
        }
        while (end > begin && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(begin, end);
    }
}
