package dev.pinion.tokens;

/**
 * The words of a token's {@code scope} claim: each endpoint accepts only tokens signed for it
 * (spec README "Version note"; CVE-2026-54593).
 */
public enum TokenScope {
    WEBSOCKET("websocket"),
    FILE_UPLOAD("file-upload"),
    FILE_DOWNLOAD("file-download"),
    BACKUP_DOWNLOAD("backup-download"),
    TRANSFER("transfer");

    private final String word;

    TokenScope(String word) {
        this.word = word;
    }

    /** The word as the Panel writes it in the claim. */
    public String word() {
        return word;
    }
}
