package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.pinion.server.ServerState;
import dev.pinion.server.Utilization;
import io.dropwizard.jackson.Jackson;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path's hand-written head must be the very bytes Jackson writes for {@link ServerDetails}
 * (the Panel parses either; byte identity is what keeps the fast path invisible), for every kind of
 * number the stats can hold, and must step aside where only Jackson writes the value right.
 */
class ServerDetailsHeadTest {
    // Dropwizard's mapper, the one the application (and so Jersey) serialises with
    private final ObjectMapper mapper = Jackson.newObjectMapper();

    private String jackson(ServerState state, boolean suspended, Utilization usage) throws Exception {
        String whole = mapper.writeValueAsString(new ServerDetails(state, suspended, usage, NullNode.getInstance()));
        // the head is everything before the configuration, closed again
        return whole.substring(0, whole.indexOf(",\"configuration\":")) + "}";
    }

    private static String hand(ServerState state, boolean suspended, Utilization usage) {
        return new String(ServerDetailsHead.json(state, suspended, usage), StandardCharsets.UTF_8);
    }

    @Test
    void matchesJacksonForEveryStateAndSeededRandomStats() throws Exception {
        Random random = new Random(20261202);
        double[] awkward = {
            0.0, -0.0, 1.0, 0.1, 1e-7, 123.456, 99.99999999999999, 1e21, 4.9e-324, 1.7976931348623157e308
        };
        for (int i = 0; i < 2_000; i++) {
            ServerState state = ServerState.values()[i % ServerState.values().length];
            double cpu = i < awkward.length ? awkward[i] : random.nextDouble() * Math.pow(10, random.nextInt(8) - 3);
            Utilization usage = new Utilization(
                    random.nextLong() >>> random.nextInt(64),
                    random.nextLong(),
                    cpu,
                    new Utilization.Network(random.nextLong() >>> 3, random.nextInt()),
                    random.nextLong() >>> random.nextInt(64),
                    ServerState.values()[random.nextInt(ServerState.values().length)],
                    random.nextLong() >>> random.nextInt(64));
            boolean suspended = random.nextBoolean();
            assertThat(hand(state, suspended, usage)).isEqualTo(jackson(state, suspended, usage));
        }
    }

    @Test
    void theOfflineFigureMatchesJackson() throws Exception {
        Utilization offline = Utilization.offline(4096);
        assertThat(hand(ServerState.OFFLINE, false, offline)).isEqualTo(jackson(ServerState.OFFLINE, false, offline));
    }

    @Test
    void valuesOnlyJacksonWritesRightAreLeftToIt() {
        Utilization nan = new Utilization(1, 2, Double.NaN, new Utilization.Network(0, 0), 0, ServerState.RUNNING, 0);
        Utilization infinite = new Utilization(
                1, 2, Double.POSITIVE_INFINITY, new Utilization.Network(0, 0), 0, ServerState.RUNNING, 0);
        Utilization noNetwork = new Utilization(1, 2, 0.5, null, 0, ServerState.RUNNING, 0);
        assertThat(ServerDetailsHead.json(ServerState.RUNNING, false, nan)).isNull();
        assertThat(ServerDetailsHead.json(ServerState.RUNNING, false, infinite)).isNull();
        assertThat(ServerDetailsHead.json(ServerState.RUNNING, false, noNetwork))
                .isNull();
    }
}
