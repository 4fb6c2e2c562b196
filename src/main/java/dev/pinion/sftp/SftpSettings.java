package dev.pinion.sftp;

import java.time.Duration;

/**
 * The SFTP listener's settings: {@code system.sftp.*} (address, port, read-only, key-only) and the
 * {@code pinion.sftp.*} limits Wings does not have.
 *
 * @param failedLoginLimit failures within {@code failedLoginWindow} that ban an address (0 = no limit)
 * @param banFor how long a banned address is refused
 * @param maxTrackedAddresses the most addresses the limiter remembers
 * @param authCacheTtl how long a Panel "yes" is reused for the same credentials (0 = never)
 * @param maxSessions SFTP channels served at once; beyond it a new channel is refused
 */
public record SftpSettings(
        String bindAddress,
        int bindPort,
        boolean readOnly,
        boolean keyOnly,
        int failedLoginLimit,
        Duration failedLoginWindow,
        Duration banFor,
        int maxTrackedAddresses,
        Duration authCacheTtl,
        int maxSessions) {}
