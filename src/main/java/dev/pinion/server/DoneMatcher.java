package dev.pinion.server;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Decides whether a console line says the server has finished starting (spec
 * server-lifecycle-docker.md §3.3): each egg "done" entry is either {@code regex:<RE2>} matched
 * anywhere in the line, or a case-sensitive substring. Eggs are written for Go's RE2, so the
 * patterns run on re2j, not java.util.regex.
 */
public final class DoneMatcher {
    // The common "ansi-regex" pattern Wings uses, written for RE2.
    private static final Pattern ANSI =
            Pattern.compile("[\\x{001B}\\x{009B}][\\[\\]()#;?]*(?:(?:(?:[a-zA-Z\\d]*(?:;[a-zA-Z\\d]*)*)?\\x{0007})"
                    + "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PRZcf-ntqry=><~]))");

    private final List<Predicate<String>> entries;
    private final boolean stripAnsi;

    public DoneMatcher(List<String> done, boolean stripAnsi) {
        this.stripAnsi = stripAnsi;
        List<Predicate<String>> compiled = new ArrayList<>();
        for (String entry : done) {
            compiled.add(compile(entry));
        }
        this.entries = List.copyOf(compiled);
    }

    private static Predicate<String> compile(String entry) {
        if (entry.startsWith("regex:") && entry.length() > 6) {
            try {
                Pattern pattern = Pattern.compile(entry.substring(6));
                return line -> pattern.matcher(line).find();
            } catch (PatternSyntaxException e) {
                // As Wings: a pattern that does not compile is used as a plain substring.
            }
        }
        return line -> line.contains(entry);
    }

    public boolean matches(String line) {
        if (entries.isEmpty()) {
            return false;
        }
        String subject = stripAnsi ? stripAnsi(line) : line;
        for (Predicate<String> entry : entries) {
            if (entry.test(subject)) {
                return true;
            }
        }
        return false;
    }

    public static String stripAnsi(String line) {
        return ANSI.matcher(line).replaceAll("");
    }
}
