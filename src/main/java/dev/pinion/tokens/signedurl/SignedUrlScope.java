package dev.pinion.tokens.signedurl;

/** The endpoint a signed-URL token is for, as the {@code scope} word the Panel signs (spec README). */
public enum SignedUrlScope {
    FILE_DOWNLOAD("file-download"),
    FILE_UPLOAD("file-upload"),
    BACKUP_DOWNLOAD("backup-download");

    private final String word;

    SignedUrlScope(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
