/**
 * The built-in SFTP server (spec websocket-sftp-activity.md §2) on Apache MINA SSHD, authenticated
 * against the Panel.
 *
 * <p>{@link dev.pinion.sftp.SftpServer} (a Dropwizard Managed object) configures MINA with Wings' SSH
 * parameters and the Ed25519 host key ({@link dev.pinion.sftp.HostKey}); logins go to the Panel through
 * {@link dev.pinion.sftp.PanelLogins} (short cache), failures feed the per-address
 * {@link dev.pinion.sftp.FailedLoginLimiter}; open connections are tracked by
 * {@link dev.pinion.sftp.SftpSessions} so revocation and server deletion close them. Each {@code sftp}
 * subsystem channel is served by {@code SftpChannel}, Pinion's own SFTP v3 implementation, which hands
 * every request to {@code SftpOperations}: permission checks, then the server's
 * {@link dev.pinion.filesystem.ServerFilesystem} (never a native path: MINA's SftpSubsystem and its
 * filesystem view are not used, since they follow symlinks out of the root; links are followed here
 * only through {@link dev.pinion.filesystem.ServerFilesystem#followLinks}), then the activity entry.
 * {@code SftpRequests} is the channel's data receiver (whole packets cut on MINA's IO thread, not MINA's
 * pipe). {@code JdkChaCha20Poly1305} (the JDK's ChaCha20, and the JDK's Poly1305 through
 * {@code JdkPoly1305} where java.base opens it, else Pinion's {@code Poly1305}) replaces MINA's pure-Java
 * chacha20-poly1305@openssh.com.
 *
 * <p>May use: filesystem, server (ServerManager, to find a login's server), panel, activity, tokens
 * (the revocation listener), MINA SSHD, Caffeine, Dropwizard's Managed and metrics. Used by:
 * PinionApplication only.
 */
package dev.pinion.sftp;
