package dev.pinion.console;

import dev.pinion.config.PinionSettings;
import java.time.Duration;

/**
 * The console WebSocket's limits and timings (spec README "WebSocket limits", "WebSocket
 * authentication deadline"; websocket-sftp-activity.md §1.9, §1.11, §1.12).
 *
 * @param maxSocketsPerServer  sockets per server that can still authenticate: authenticated ones and
 *                             those still within their authentication deadline
 * @param maxMessageBytes      inbound frame size; larger ones close the socket with 1009
 * @param expiryCheck          how often the token's expiry is looked at (Wings: 30 s)
 * @param expiringWithin       how close to {@code exp} "token expiring" starts (Wings: 60 s)
 * @param outboxCapacity       a socket's own messages (answers, errors, replayed logs) waiting before
 *                             the oldest are dropped
 * @param feedBudgetBytes      what one server's event feed holds for its slowest socket before that
 *                             socket's oldest messages are dropped (4 MiB: seconds of a flooding
 *                             console, shared by every socket of the server)
 * @param sendTimeout          how long one message may take to reach a browser before it is disconnected
 * @param authDeadline         a socket that has not authenticated this long after the upgrade is closed
 *                             and its slot freed (Wings has none: a silent socket holds its slot forever)
 * @param maxSocketsPerAddress open sockets from one client address, on every server of the node
 * @param maxPendingPerAddress sockets from one client address that have not authenticated yet
 * @param pingInterval         how often every socket is pinged; one that answered nothing (no pong, no
 *                             message) since the previous ping is a dead peer and is dropped
 */
public record ConsoleSettings(
        int maxSocketsPerServer,
        int maxMessageBytes,
        Duration expiryCheck,
        Duration expiringWithin,
        int outboxCapacity,
        long feedBudgetBytes,
        Duration sendTimeout,
        Duration authDeadline,
        int maxSocketsPerAddress,
        int maxPendingPerAddress,
        Duration pingInterval) {

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(
                30,
                4096,
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                2048,
                4L << 20,
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                100,
                10,
                Duration.ofSeconds(30));
    }

    /** The defaults with the {@code pinion.console} keys of the configuration file applied. */
    public static ConsoleSettings from(PinionSettings.Console configured) {
        ConsoleSettings defaults = defaults();
        return new ConsoleSettings(
                configured.maxSocketsPerServer(),
                defaults.maxMessageBytes(),
                Duration.ofMillis(configured.tokenExpiryCheckMs()),
                defaults.expiringWithin(),
                defaults.outboxCapacity(),
                defaults.feedBudgetBytes(),
                Duration.ofMillis(configured.sendTimeoutMs()),
                Duration.ofMillis(configured.authDeadlineMs()),
                configured.maxSocketsPerAddress(),
                configured.maxPendingSocketsPerAddress(),
                Duration.ofMillis(configured.pingIntervalMs()));
    }
}
