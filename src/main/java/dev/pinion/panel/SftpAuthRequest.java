package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * POST /sftp/auth body for one login attempt (spec A10). For a public-key login, {@code password}
 * holds the key in authorized_keys format. {@code ip} includes the client port; the session id and
 * client version are raw bytes, sent base64-encoded.
 */
public record SftpAuthRequest(
        @JsonProperty("type") String type,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("ip") String ip,
        @JsonProperty("session_id") byte[] sessionId,
        @JsonProperty("client_version") byte[] clientVersion) {

    public static final String PASSWORD = "password";
    public static final String PUBLIC_KEY = "public_key";

    /** A password login. */
    public static SftpAuthRequest password(
            String username, String password, String ip, byte[] sessionId, byte[] clientVersion) {
        return new SftpAuthRequest(PASSWORD, username, password, ip, sessionId, clientVersion);
    }

    /** A public-key login; {@code authorizedKey} is e.g. {@code "ssh-ed25519 AAAA…\n"}. */
    public static SftpAuthRequest publicKey(
            String username, String authorizedKey, String ip, byte[] sessionId, byte[] clientVersion) {
        return new SftpAuthRequest(PUBLIC_KEY, username, authorizedKey, ip, sessionId, clientVersion);
    }

    @Override
    public String toString() {
        return "SftpAuthRequest[type=" + type + ", username=" + username + ", ip=" + ip + ", password=(redacted)]";
    }
}
