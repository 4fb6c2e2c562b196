package dev.pinion.sftp;

import org.apache.sshd.sftp.common.SftpConstants;

/**
 * An SFTP request that ends in a status other than OK, with the short messages Wings' library sends
 * (spec websocket-sftp-activity.md §2.7 "Error text").
 */
final class SftpStatus extends RuntimeException {
    private final int code;

    SftpStatus(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }

    static SftpStatus noSuchFile() {
        return new SftpStatus(SftpConstants.SSH_FX_NO_SUCH_FILE, "no such file");
    }

    static SftpStatus permissionDenied() {
        return new SftpStatus(SftpConstants.SSH_FX_PERMISSION_DENIED, "permission denied");
    }

    static SftpStatus failure() {
        return new SftpStatus(SftpConstants.SSH_FX_FAILURE, "failure");
    }

    static SftpStatus failure(String message) {
        return new SftpStatus(SftpConstants.SSH_FX_FAILURE, message);
    }

    static SftpStatus unsupported() {
        return new SftpStatus(SftpConstants.SSH_FX_OP_UNSUPPORTED, "operation unsupported");
    }

    /** Wings sends 4 with this text (its status 15 is lost in the library, spec §2.7 "The quota code"). */
    static SftpStatus quotaExceeded() {
        return new SftpStatus(SftpConstants.SSH_FX_FAILURE, "Quota Exceeded");
    }
}
