package dev.pinion.server.configfiles;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code if_value} condition with its intended semantics for every parser (spec README decision;
 * server-lifecycle-docker.md §4.6): a literal must equal the current value; {@code regex:<re>} must
 * match it and the new value is the regex replace-all of the current value with Go group references.
 */
final class IfValue {
    private IfValue() {}

    /** The outcome for one key: skip it, write the replacement as usual, or write a regex result. */
    sealed interface Decision permits Skip, Replace, RegexResult {}

    /** Leave the key alone. */
    record Skip() implements Decision {}

    /** Write the replacement's value as if there were no condition. */
    record Replace() implements Decision {}

    /** Write this text (the regex replace-all result) as a string. */
    record RegexResult(String text) implements Decision {}

    /**
     * @param current the key's current value in string form, or empty when the key does not exist
     */
    static Decision decide(ResolvedReplacement r, Optional<String> current) {
        if (r.ifValue().isEmpty()) {
            return new Replace();
        }
        if (current.isEmpty()) {
            return new Skip();
        }
        String condition = r.ifValue().get();
        if (!condition.startsWith("regex:")) {
            return condition.equals(current.get()) ? new Replace() : new Skip();
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(condition.substring("regex:".length()));
        } catch (PatternSyntaxException e) {
            // Wings logs an invalid expression and skips the replacement; the file is still written.
            return new Skip();
        }
        Matcher m = pattern.matcher(current.get());
        if (!m.find()) {
            return new Skip();
        }
        return new RegexResult(GoRegexTemplate.replaceAll(pattern, current.get(), r.text()));
    }
}
