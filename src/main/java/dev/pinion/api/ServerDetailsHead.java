package dev.pinion.api;

import dev.pinion.server.ServerState;
import dev.pinion.server.Utilization;
import java.nio.charset.StandardCharsets;

/**
 * The part of {@link ServerDetails} before its configuration, written by hand for the fast path:
 * Jackson's bean serialisation of these ten numbers was the largest cost left in the Panel's most
 * frequent call after routing (issue #15). The bytes are the ones Jackson writes for {@link
 * ServerDetails} (numbers in Java's shortest form, as Jackson's default double writer), checked by
 * {@code ServerDetailsHeadTest}; values Jackson would write differently (a CPU figure that is not a
 * finite number, a missing network record) get null so the caller uses Jackson.
 */
final class ServerDetailsHead {
    private ServerDetailsHead() {}

    /** {@code {"state":…,"is_suspended":…,"utilization":{…}}}, or null when only Jackson writes it right. */
    static byte[] json(ServerState state, boolean suspended, Utilization usage) {
        if (state == null
                || usage.state() == null
                || usage.network() == null
                || !Double.isFinite(usage.cpuAbsolute())) {
            return null;
        }
        StringBuilder json = new StringBuilder(224)
                .append("{\"state\":\"")
                .append(state.wireName())
                .append("\",\"is_suspended\":")
                .append(suspended)
                .append(",\"utilization\":{\"memory_bytes\":")
                .append(usage.memoryBytes())
                .append(",\"memory_limit_bytes\":")
                .append(usage.memoryLimitBytes())
                .append(",\"cpu_absolute\":")
                .append(Double.toString(usage.cpuAbsolute()))
                .append(",\"network\":{\"rx_bytes\":")
                .append(usage.network().rxBytes())
                .append(",\"tx_bytes\":")
                .append(usage.network().txBytes())
                .append("},\"uptime\":")
                .append(usage.uptime())
                .append(",\"state\":\"")
                .append(usage.state().wireName())
                .append("\",\"disk_bytes\":")
                .append(usage.diskBytes())
                .append("}}");
        // every character above is ASCII (state names are fixed lower-case words)
        return json.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
