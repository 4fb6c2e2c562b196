package dev.pinion.api;

import dev.pinion.api.errors.ApiException;
import dev.pinion.api.errors.WingsMessages;
import dev.pinion.server.ManagedServer;
import dev.pinion.server.ServerManager;
import dev.pinion.tokens.TokenClaims;
import dev.pinion.tokens.TokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the signed-URL resources ({@link SignedDownloadResource}, {@link SignedUploadResource}) share:
 * how a refused token is answered, and Wings' not-found for an unknown server or a used-up token.
 */
final class SignedUrls {
    private static final Logger LOG = LoggerFactory.getLogger(SignedUrls.class);
    static final String NOT_FOUND = "The requested resource was not found on this server.";
    static final String INVALID_TOKEN = "The signed URL token is invalid or has expired.";

    private SignedUrls() {}

    /** A check that yields the token's claims or refuses it. */
    interface TokenCheck {
        TokenClaims claims() throws TokenException;
    }

    /** A token signed for another endpoint is 403; any other refusal 401 — never a 500. */
    static TokenClaims verify(TokenCheck check) {
        try {
            return check.claims();
        } catch (TokenException e) {
            LOG.debug("signed URL token refused: {}", e.reason());
            throw e.reason() == TokenException.Reason.MISSING_SCOPE
                    ? new ApiException(403, WingsMessages.FORBIDDEN)
                    : new ApiException(401, INVALID_TOKEN);
        }
    }

    /** The token's server; Wings' 404 when this node does not have it. */
    static ManagedServer server(ServerManager servers, TokenClaims claims) {
        return servers.get(claims.serverUuid()).orElseThrow(() -> new ApiException(404, NOT_FOUND));
    }
}
