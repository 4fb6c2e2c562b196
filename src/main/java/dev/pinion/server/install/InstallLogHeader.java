package dev.pinion.server.install;

import java.util.List;

/**
 * The header Wings writes at the top of {@code <log_directory>/install/<uuid>.log} (spec
 * server-lifecycle-docker.md §5.5), byte for byte: Wings renders it with Go's html/template, so
 * values are HTML-escaped as that package escapes text.
 */
final class InstallLogHeader {
    private InstallLogHeader() {}

    static String render(String uuid, String image, String entrypoint, List<String> environment) {
        StringBuilder out = new StringBuilder()
                .append("Pterodactyl Server Installation Log\n\n")
                .append("|\n| Details\n| ------------------------------\n")
                .append("  Server UUID:          ")
                .append(escape(uuid))
                .append('\n')
                .append("  Container Image:      ")
                .append(escape(image))
                .append('\n')
                .append("  Container Entrypoint: ")
                .append(escape(entrypoint))
                .append('\n')
                .append('\n')
                .append("|\n| Environment Variables\n| ------------------------------\n");
        for (String variable : environment) {
            out.append("  ").append(escape(variable)).append('\n');
        }
        return out.append("\n\n|\n| Script Output\n| ------------------------------\n")
                .toString();
    }

    /** Go html/template's text escaping: NUL, quotes, ampersand, plus and angle brackets. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\0' -> out.append('\uFFFD');
                case '"' -> out.append("&#34;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&#39;");
                case '+' -> out.append("&#43;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
