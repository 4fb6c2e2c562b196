package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A successful POST /sftp/auth: the user's uuid, the server's uuid and the user's permissions on it (spec A10). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SftpAuthResponse(
        @JsonProperty("user") String user,
        @JsonProperty("server") String server,
        @JsonProperty("permissions") List<String> permissions) {
    public SftpAuthResponse {
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }
}
