package dev.pinion.api.auth;

import dev.pinion.config.ConfigStore;
import io.dropwizard.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks a bearer token against the live node token in constant time, so a token rotated by
 * {@code POST /api/update} is required from the next request on. An unset node token matches nothing.
 */
public final class NodeTokenAuthenticator implements Authenticator<String, NodePrincipal> {
    private final ConfigStore config;

    public NodeTokenAuthenticator(ConfigStore config) {
        this.config = config;
    }

    @Override
    public Optional<NodePrincipal> authenticate(String presented) {
        return matches(presented) ? Optional.of(NodePrincipal.PANEL) : Optional.empty();
    }

    public boolean matches(String presented) {
        byte[] expected = config.current().token().getBytes(StandardCharsets.UTF_8);
        if (expected.length == 0 || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }
}
