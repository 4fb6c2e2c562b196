package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** GET /backups/{backup}?size=: presigned S3 UploadPart URLs in part order, and the part size in bytes (spec A9.1). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupUploadUrls(
        @JsonProperty("parts") List<String> parts,
        @JsonProperty("part_size") long partSize) {
    public BackupUploadUrls {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }
}
