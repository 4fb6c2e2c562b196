package dev.pinion.tokens;

/**
 * A token that was refused, with why. The message is the exact text Wings uses where the Panel's
 * frontend matches on it (spec websocket-sftp-activity.md §1.8).
 */
public final class TokenException extends Exception {
    /** Why a token was refused. */
    public enum Reason {
        /** Not three base64url parts, not JSON, bad claim types. */
        MALFORMED("jwt: malformed token"),
        /** The HMAC does not match the node token (or the algorithm is not HS256). */
        SIGNATURE("jwt: HMAC verification failed"),
        /** {@code exp} missing or passed. */
        EXPIRED("jwt: exp claim is invalid"),
        /** The token lacks the scope word of the endpoint, or (WebSocket) the connect permission. */
        MISSING_SCOPE("jwt: missing connect permission"),
        /** Issued before the daemon started, before a jti deny, or before the user's revocation. */
        DENIED("jwt: created too far in past (denylist)"),
        /** Signed for another server than the one addressed. */
        SERVER_MISMATCH("jwt: server uuid mismatch");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private final Reason reason;

    public TokenException(Reason reason) {
        super(reason.message());
        this.reason = reason;
    }

    public TokenException(Reason reason, Throwable cause) {
        super(reason.message(), cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * Whether Wings treats this as a JWT error (sent in full as {@code jwt error}) rather than a
     * generic failure (a {@code daemon error} whose text only admins see).
     */
    public boolean isJwtError() {
        return reason != Reason.MALFORMED && reason != Reason.SIGNATURE;
    }
}
