package dev.pinion.panel;

import java.util.Objects;

/** The node's credentials for the Panel: config {@code token_id} and {@code token}. */
public record PanelCredentials(String tokenId, String token) {
    public PanelCredentials {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(token, "token");
    }

    /** The value of the Authorization header, {@code Bearer <token_id>.<token>}, as Wings sends it. */
    public String authorizationHeader() {
        return "Bearer " + tokenId + "." + token;
    }

    @Override
    public String toString() {
        // Never let the secret reach a log line through toString.
        return "PanelCredentials[tokenId=" + tokenId + ", token=(redacted)]";
    }
}
