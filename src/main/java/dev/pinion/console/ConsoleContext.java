package dev.pinion.console;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.activity.ActivitySink;
import dev.pinion.config.ConfigStore;
import dev.pinion.tokens.TokenRevocations;
import dev.pinion.tokens.TokenVerifier;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every console socket shares: token checks, JSON, settings, the expiry scheduler, the executor
 * for socket writers and power actions, the servers' event feeds, and the count of messages sockets
 * lost by reading too slowly.
 */
record ConsoleContext(
        TokenVerifier verifier,
        TokenRevocations revocations,
        ObjectMapper mapper,
        ConsoleSettings settings,
        ScheduledExecutorService scheduler,
        Executor work,
        Clock clock,
        ConfigStore config,
        ServerFeeds feeds,
        ActivitySink activity,
        Counter droppedBySockets) {

    /** How many lines {@code send logs} replays (config system.websocket_log_count). */
    int logCount() {
        return config.current().system().websocketLogCount();
    }
}
