package dev.pinion.environment.docker;

import dev.pinion.config.DockerConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The X-Registry-Auth header Wings sends when pulling (spec §2.4): the credentials of the first
 * configured registry whose key is a string prefix of the image, as URL-safe base64 (with padding)
 * of {@code {"username":"…","password":"…"}}, empty fields left out as Go's omitempty does.
 */
final class RegistryAuth {
    private RegistryAuth() {}

    /**
     * The header value for {@code image}, or empty when no registry key is a prefix of it. Wings
     * iterates a Go map (random order) and takes the first match; configuration order is used here.
     */
    static Optional<String> headerFor(String image, Map<String, DockerConfig.RegistryCredentials> registries) {
        for (Map.Entry<String, DockerConfig.RegistryCredentials> entry : registries.entrySet()) {
            if (image.startsWith(entry.getKey())) {
                return Optional.of(encode(entry.getValue()));
            }
        }
        return Optional.empty();
    }

    static String encode(DockerConfig.RegistryCredentials credentials) {
        StringBuilder json = new StringBuilder("{");
        appendField(json, "username", credentials.username());
        appendField(json, "password", credentials.password());
        json.append('}');
        return Base64.getUrlEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void appendField(StringBuilder json, String key, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(key).append("\":").append(quote(value));
    }

    // JSON string quoting as Go's encoder does it, HTML-safe escapes included.
    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
