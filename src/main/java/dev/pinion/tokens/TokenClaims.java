package dev.pinion.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of a verified Panel token (spec panel-to-wings-api.md §7.1). Fields a token type does
 * not carry are empty strings; {@code issuedAt} is empty when the token has no {@code iat}.
 *
 * @param scopes     the words of {@code scope}; empty for a token from a Panel that signs none
 * @param uniqueId   {@code unique_id}: what one-time download/upload tokens are remembered by
 * @param filePath   {@code file_path} of a file download token
 * @param backupUuid {@code backup_uuid} of a backup download token
 * @param subject    {@code sub}, set on transfer tokens
 */
public record TokenClaims(
        String jti,
        String serverUuid,
        String userUuid,
        Optional<Instant> issuedAt,
        Instant expiresAt,
        Set<String> scopes,
        List<String> permissions,
        String uniqueId,
        String filePath,
        String backupUuid,
        String subject) {

    public TokenClaims {
        scopes = Set.copyOf(scopes);
        permissions = List.copyOf(permissions);
    }

    /**
     * Wings' permission rule (spec websocket-sftp-activity.md §1.3): an exact entry, or {@code *}
     * for anything not starting with {@code admin}.
     */
    public boolean hasPermission(String permission) {
        for (String granted : permissions) {
            if (granted.equals(permission) || (granted.equals("*") && !permission.startsWith("admin"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the token is valid through this moment: Wings allows the whole {@code exp} second. */
    public boolean isExpiredAt(Instant now) {
        return now.getEpochSecond() > expiresAt.getEpochSecond();
    }
}
