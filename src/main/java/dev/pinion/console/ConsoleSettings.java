package dev.pinion.console;

import dev.pinion.config.PinionSettings;

import java.time.Duration;

/**
 * The console WebSocket's limits and timings (spec README "WebSocket limits";
 * websocket-sftp-activity.md §1.9, §1.11, §1.12).
 *
 * @param maxSocketsPerServer open sockets per server, authenticated or not
 * @param maxMessageBytes     inbound frame size; larger ones close the socket with 1009
 * @param expiryCheck         how often the token's expiry is looked at (Wings: 30 s)
 * @param expiringWithin      how close to {@code exp} "token expiring" starts (Wings: 60 s)
 * @param outboxCapacity      messages waiting for one browser before its oldest are dropped
 * @param sendTimeout         how long one message may take to reach a browser before it is disconnected
 */
public record ConsoleSettings(int maxSocketsPerServer, int maxMessageBytes, Duration expiryCheck,
                              Duration expiringWithin, int outboxCapacity, Duration sendTimeout) {

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(30, 4096, Duration.ofSeconds(30), Duration.ofSeconds(60), 2048, Duration.ofSeconds(30));
    }

    /** The defaults with the {@code pinion.console} keys of the configuration file applied. */
    public static ConsoleSettings from(PinionSettings.Console configured) {
        ConsoleSettings defaults = defaults();
        return new ConsoleSettings(configured.maxSocketsPerServer(), defaults.maxMessageBytes(),
                Duration.ofMillis(configured.tokenExpiryCheckMs()), defaults.expiringWithin(),
                defaults.outboxCapacity(), Duration.ofMillis(configured.sendTimeoutMs()));
    }
}
