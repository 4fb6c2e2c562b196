package dev.pinion.server.configfiles;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The {@code file} parser (server-lifecycle-docker.md §4.4): every line that starts with a
 * replacement's {@code match} becomes that replacement's text; several matching prefixes concatenate
 * their texts on one line, as in Wings. No {@code {{config.*}}}, as in Wings. {@code if_value}, which
 * Wings ignores here, is tested against the whole line (spec README decision: it works for every
 * parser), and a {@code regex:} condition turns the line into its replace-all result.
 */
final class TextFileConfigParser implements ConfigFileParser {

    @Override
    public byte[] apply(byte[] content, List<ResolvedReplacement> replacements) throws ConfigFileException {
        StringBuilder out = new StringBuilder();
        for (String line : TextLines.split(content)) {
            boolean replaced = false;
            for (ResolvedReplacement r : replacements) {
                if (!line.startsWith(r.match())) {
                    continue;
                }
                switch (IfValue.decide(r, Optional.of(line))) {
                    case IfValue.Skip skip -> {}
                    case IfValue.Replace replace -> {
                        out.append(r.text());
                        replaced = true;
                    }
                    case IfValue.RegexResult result -> {
                        out.append(result.text());
                        replaced = true;
                    }
                }
            }
            if (!replaced) {
                out.append(line);
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean nodeTemplating() {
        return false;
    }
}
