package dev.pinion.server.install;

/** An install that could not run; it is reported to the Panel as failed. */
final class InstallFailedException extends Exception {
    InstallFailedException(String message) {
        super(message);
    }

    InstallFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
