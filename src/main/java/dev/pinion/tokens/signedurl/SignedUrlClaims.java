package dev.pinion.tokens.signedurl;

import java.time.Instant;
import java.util.Optional;

/**
 * The verified claims of a signed-URL token (spec panel-to-wings-api.md §7.1): whose server, which
 * one-time id, until when, and the endpoint-specific values.
 */
public record SignedUrlClaims(String serverUuid, String uniqueId, Instant expiresAt, Optional<String> userUuid,
                              Optional<String> filePath, Optional<String> backupUuid) {
}
