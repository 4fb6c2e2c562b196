package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * POST /backups/{backup} body (spec A9.2). {@code parts} is null for local backups and failures
 * and is sent as JSON null, as Wings sends it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BackupStatusReport(
        @JsonProperty("checksum") String checksum,
        @JsonProperty("checksum_type") String checksumType,
        @JsonProperty("size") long size,
        @JsonProperty("successful") boolean successful,
        @JsonProperty("parts") List<BackupPart> parts) {

    /** A finished local backup: SHA-1 hex checksum of the archive and its size in bytes. */
    public static BackupStatusReport localSuccess(String sha1Hex, long size) {
        return new BackupStatusReport(sha1Hex, "sha1", size, true, null);
    }

    /** A finished S3 backup with the ETag of every uploaded part. */
    public static BackupStatusReport s3Success(String sha1Hex, long size, List<BackupPart> parts) {
        return new BackupStatusReport(sha1Hex, "sha1", size, true, List.copyOf(parts));
    }

    /** A failed backup: empty checksum and type, size 0, no parts, exactly as Wings reports it. */
    public static BackupStatusReport failure() {
        return new BackupStatusReport("", "", 0, false, null);
    }

    /** One uploaded S3 part: its ETag header verbatim (quotes included) and its 1-based number. */
    public record BackupPart(
            @JsonProperty("etag") String etag,
            @JsonProperty("part_number") int partNumber) {}
}
