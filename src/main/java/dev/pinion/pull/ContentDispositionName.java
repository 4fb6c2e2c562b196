package dev.pinion.pull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The file name of a {@code Content-Disposition} header: {@code filename*} (RFC 5987, UTF-8) wins over
 * {@code filename}, quoted or not. Only the base name is kept (issue #10 item 6): a remote server must not
 * choose which in-root file a pull overwrites with {@code ../} or {@code plugins/x}; a name that reduces to
 * nothing, {@code .} or {@code ..} is refused.
 */
final class ContentDispositionName {
    private ContentDispositionName() {}

    static Optional<String> of(String header) {
        return named(header).map(ContentDispositionName::baseName);
    }

    private static String baseName(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.isEmpty() || base.equals(".") || base.equals("..") || base.indexOf('\0') >= 0) {
            throw new PullException("downloader: invalid \"Content-Disposition\" header");
        }
        return base;
    }

    private static Optional<String> named(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Optional<String> plain = Optional.empty();
        for (String parameter : splitParameters(header)) {
            int eq = parameter.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = parameter.substring(eq + 1).trim();
            if (key.equals("filename*")) {
                int quote = value.indexOf("''");
                if (quote >= 0 && value.substring(0, quote).equalsIgnoreCase("utf-8")) {
                    try {
                        return Optional.of(URLDecoder.decode(
                                value.substring(quote + 2).replace("+", "%2B"), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw new PullException("downloader: invalid \"Content-Disposition\" header");
                    }
                }
            } else if (key.equals("filename")) {
                plain = Optional.of(unquote(value));
            }
        }
        return plain.filter(s -> !s.isEmpty());
    }

    private static List<String> splitParameters(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < header.length()) {
                current.append(c).append(header.charAt(++i));
                continue;
            }
            if (c == ';' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new PullException("downloader: invalid \"Content-Disposition\" header");
        }
        out.add(current.toString());
        return out;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }
}
