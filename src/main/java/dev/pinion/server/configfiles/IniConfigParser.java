package dev.pinion.server.configfiles;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code ini} parser (server-lifecycle-docker.md §4.4): {@code section.key} matches, keys replaced
 * in place or appended, missing sections added at the end; {@code if_value} honoured (spec README
 * decision, where Wings ignores it).
 */
final class IniConfigParser implements ConfigFileParser {

    @Override
    public byte[] apply(byte[] content, List<ResolvedReplacement> replacements) throws ConfigFileException {
        IniDocument doc = IniDocument.parse(new String(content, StandardCharsets.UTF_8));
        for (ResolvedReplacement r : replacements) {
            String[] target = sectionAndKey(r.match());
            switch (IfValue.decide(r, doc.get(target[0], target[1]))) {
                case IfValue.Skip skip -> {}
                case IfValue.Replace replace -> doc.set(target[0], target[1], r.text());
                case IfValue.RegexResult result -> doc.set(target[0], target[1], result.text());
            }
        }
        return doc.write().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Wings' split: the first dot outside brackets separates section from key, later dots belong to the
     * key, and brackets only group (they are removed).
     */
    static String[] sectionAndKey(String match) {
        StringBuilder section = new StringBuilder();
        StringBuilder current = new StringBuilder();
        boolean split = false;
        int depth = 0;
        for (int i = 0; i < match.length(); i++) {
            char c = match.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '.' && depth <= 0 && !split) {
                section.append(current);
                current.setLength(0);
                split = true;
            } else {
                current.append(c);
            }
        }
        return split ? new String[] {section.toString(), current.toString()} : new String[] {"", current.toString()};
    }
}
