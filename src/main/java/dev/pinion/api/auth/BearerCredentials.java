package dev.pinion.api.auth;

import java.util.Optional;

/**
 * Reads an {@code Authorization} header as Wings does: split on the first space into exactly two
 * parts, the first exactly {@code Bearer} (case-sensitive).
 */
public final class BearerCredentials {
    private BearerCredentials() {}

    public static Optional<String> token(String header) {
        if (header == null) {
            return Optional.empty();
        }
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equals("Bearer")) {
            return Optional.empty();
        }
        return Optional.of(header.substring(space + 1));
    }
}
