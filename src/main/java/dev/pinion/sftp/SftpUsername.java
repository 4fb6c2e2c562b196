package dev.pinion.sftp;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SFTP user name {@code <panel username>.<8-character server id>} (spec websocket-sftp-activity.md
 * §2.5). Wings checks it against "anything, a dot, then exactly 8 letters or digits", case-insensitively,
 * before calling the Panel; a name that fails is refused locally.
 */
public record SftpUsername(String panelUser, String serverShortId) {
    private static final Pattern SHAPE = Pattern.compile("^(.+)\\.([a-z0-9]{8})$", Pattern.CASE_INSENSITIVE);
    /** Longer names are not plausible Panel user names; refuse them before any regex work or Panel call. */
    private static final int MAX_LENGTH = 255;

    public static Optional<SftpUsername> parse(String username) {
        if (username == null || username.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        var matcher = SHAPE.matcher(username);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SftpUsername(matcher.group(1), matcher.group(2)));
    }
}
