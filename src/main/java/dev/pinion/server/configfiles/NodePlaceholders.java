package dev.pinion.server.configfiles;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{config.*}}} placeholders, Wings' node-side templating, limited to the docker
 * interface (CVE-2026-52855; spec README decisions).
 *
 * <p>Wings' pattern is used (one optional space inside each brace pair) and path segments are
 * snake-cased as Wings does ({@code Interface} is {@code interface}). Each placeholder is resolved on
 * its own and any other {@code config.*} path is left in the text untouched, as the fork does: an
 * egg that asks for the token gets its own placeholder back, never the secret and never an emptied
 * value that would hide the mistake.
 */
final class NodePlaceholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s?config\\.([\\w.-]+)\\s?}}");

    private final NodeTemplateValues node;

    NodePlaceholders(NodeTemplateValues node) {
        this.node = node;
    }

    String resolve(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = snakeCase(m.group(1));
            boolean allowed = path.equals("docker.interface") || path.equals("docker.network.interface");
            m.appendReplacement(out, Matcher.quoteReplacement(allowed ? node.dockerInterface() : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Close to strcase.ToSnake for the ASCII path segments eggs use. */
    static String snakeCase(String path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char before = path.charAt(i - 1);
                if (Character.isLowerCase(before) || Character.isDigit(before)) {
                    out.append('_');
                }
            }
            out.append(c == '-' ? '_' : c);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
