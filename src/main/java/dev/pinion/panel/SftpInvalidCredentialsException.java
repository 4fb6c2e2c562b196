package dev.pinion.panel;

/**
 * The Panel refused an SFTP login with a 4xx (wrong credentials, no SFTP permission, throttled,
 * suspended, bad input): Wings treats every one as "invalid credentials" (spec A10).
 */
public class SftpInvalidCredentialsException extends PanelCallException {
    public SftpInvalidCredentialsException(PanelException cause) {
        super("the credentials provided were invalid", cause);
    }

    /** The Panel's answer that caused the refusal. */
    public PanelException panelError() {
        return (PanelException) getCause();
    }
}
