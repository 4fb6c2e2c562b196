package dev.pinion.tokens;

/**
 * The token checks of the signed-URL endpoints (spec panel-to-wings-api.md §7.1–7.5, spec README
 * scope decision, CVE-2026-54593): the shared JWT verification with the endpoint's scope word, the
 * claims that endpoint needs, and the per-user revocation. Only {@code exp} is enforced among the
 * time claims, as Wings does, so a Panel whose clock runs ahead still works.
 */
public final class SignedUrlTokens {
    private final TokenVerifier verifier;
    private final TokenRevocations revocations;

    public SignedUrlTokens(TokenVerifier verifier, TokenRevocations revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    /** A {@code /download/file} token: it names the server, the one-time id and the file. */
    public TokenClaims download(String token) throws TokenException {
        TokenClaims claims = verify(token, TokenScope.FILE_DOWNLOAD);
        require(!blank(claims.filePath()));
        return claims;
    }

    /** A {@code /download/backup} token: it names the server, the one-time id and the backup. */
    public TokenClaims backupDownload(String token) throws TokenException {
        TokenClaims claims = verify(token, TokenScope.BACKUP_DOWNLOAD);
        require(!blank(claims.backupUuid()));
        if (claims.scopes().isEmpty()) {
            require(blank(claims.filePath()) && claims.permissions().isEmpty());
        }
        return claims;
    }

    /** A {@code /upload/file} token: it names the server and the one-time id. */
    public TokenClaims upload(String token) throws TokenException {
        TokenClaims claims = verify(token, TokenScope.FILE_UPLOAD);
        // An unscoped token (allowed only by the operator's switch) cannot say what it was signed
        // for; one carrying another endpoint's claims is refused rather than accepted here.
        if (claims.scopes().isEmpty()) {
            require(blank(claims.filePath())
                    && blank(claims.backupUuid())
                    && claims.permissions().isEmpty());
        }
        return claims;
    }

    private TokenClaims verify(String token, TokenScope scope) throws TokenException {
        TokenClaims claims = verifier.verify(token, scope);
        if (claims.scopes().isEmpty() && scope == TokenScope.FILE_DOWNLOAD) {
            require(blank(claims.backupUuid()) && claims.permissions().isEmpty());
        }
        require(!blank(claims.serverUuid()) && !blank(claims.uniqueId()));
        revocations.refuseIfUserRevoked(claims);
        return claims;
    }

    private static void require(boolean condition) throws TokenException {
        if (!condition) {
            throw new TokenException(TokenException.Reason.MALFORMED);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
