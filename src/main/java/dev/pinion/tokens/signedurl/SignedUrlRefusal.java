package dev.pinion.tokens.signedurl;

/**
 * Why a signed-URL token was refused: {@link Reason#INVALID} (unparsable, bad signature, expired,
 * missing claims) or {@link Reason#WRONG_SCOPE} (a good token signed for another endpoint).
 */
public final class SignedUrlRefusal extends Exception {
    /** The two ways to refuse, mapped by the API to 401 and 403. */
    public enum Reason { INVALID, WRONG_SCOPE }

    private final Reason reason;

    public SignedUrlRefusal(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public SignedUrlRefusal(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
