package dev.pinion.server.configfiles;

import dev.pinion.gocompat.GoQuote;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The {@code properties} parser (server-lifecycle-docker.md §4.4): the leading run of blank and
 * {@code #} lines is kept verbatim, then one {@code key=value} line per key in file order with new keys
 * appended; values escaped as Wings escapes them. Other comments and blank lines are dropped, as in
 * Wings.
 */
final class PropertiesConfigParser implements ConfigFileParser {

    @Override
    public byte[] apply(byte[] content, List<ResolvedReplacement> replacements) throws ConfigFileException {
        StringBuilder out = new StringBuilder();
        for (String line : TextLines.split(content)) {
            if (!line.isEmpty() && line.charAt(0) != '#') {
                break;
            }
            out.append(line).append('\n');
        }
        PropertiesDocument doc = PropertiesDocument.parse(new String(content, StandardCharsets.UTF_8));
        for (ResolvedReplacement r : replacements) {
            Optional<String> current = doc.get(r.match());
            switch (IfValue.decide(r, current)) {
                case IfValue.Skip skip -> {}
                case IfValue.Replace replace -> doc.set(r.match(), r.text());
                case IfValue.RegexResult result -> doc.set(r.match(), result.text());
            }
        }
        for (String key : doc.keys()) {
            String value = doc.get(key).orElseThrow();
            out.append(key)
                    .append('=')
                    .append(trimQuotes(GoQuote.quoteToAscii(value)))
                    .append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** strings.Trim(s, "\""): every leading and trailing quote goes, which is Wings' value bug. */
    private static String trimQuotes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '"') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '"') {
            end--;
        }
        return s.substring(start, end);
    }
}
