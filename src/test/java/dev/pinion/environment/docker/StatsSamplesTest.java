package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.environment.ResourceSample;
import org.junit.jupiter.api.Test;

/** Wings' stats formulas (spec §2.7), on stats objects shaped as cgroup v1 and v2 engines send them. */
class StatsSamplesTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text.replace('\'', '"'));
    }

    @Test
    void cgroupV1MemorySubtractsTotalInactiveFile() throws Exception {
        JsonNode memory =
                json("{'usage': 1000, 'limit': 5000, 'stats': {'total_inactive_file': 300, 'inactive_file': 100}}");
        assertThat(StatsSamples.memoryBytes(memory)).isEqualTo(700);
    }

    @Test
    void cgroupV2MemorySubtractsInactiveFile() throws Exception {
        JsonNode memory = json("{'usage': 1000, 'limit': 5000, 'stats': {'inactive_file': 100}}");
        assertThat(StatsSamples.memoryBytes(memory)).isEqualTo(900);
    }

    @Test
    void totalInactiveFileNotBelowUsageFallsBackToInactiveFile() throws Exception {
        JsonNode memory = json("{'usage': 1000, 'stats': {'total_inactive_file': 1000, 'inactive_file': 400}}");
        assertThat(StatsSamples.memoryBytes(memory)).isEqualTo(600);
    }

    @Test
    void memoryIsUsageWhenNoCounterIsBelowIt() throws Exception {
        assertThat(StatsSamples.memoryBytes(json("{'usage': 1000, 'stats': {'inactive_file': 2000}}")))
                .isEqualTo(1000);
        assertThat(StatsSamples.memoryBytes(json("{'usage': 1000}"))).isEqualTo(1000);
    }

    @Test
    void cpuAbsoluteIsPercentOfOneCoreTimesOnlineCpusRoundedToThreeDecimals() throws Exception {
        JsonNode previous = json("{'cpu_usage': {'total_usage': 1000}, 'system_cpu_usage': 100000}");
        JsonNode current = json("{'cpu_usage': {'total_usage': 2234}, 'system_cpu_usage': 400000, 'online_cpus': 2}");
        // 1234 / 300000 * 100 * 2 = 0.822666... -> 0.823
        assertThat(StatsSamples.cpuAbsolute(previous, current)).isEqualTo(0.823);
    }

    @Test
    void cpuCountFallsBackToPercpuUsageLength() throws Exception {
        JsonNode previous = json("{'cpu_usage': {'total_usage': 0}, 'system_cpu_usage': 0}");
        JsonNode current = json(
                "{'cpu_usage': {'total_usage': 500, 'percpu_usage': [1, 2, 3, 4]}, 'system_cpu_usage': 1000, 'online_cpus': 0}");
        assertThat(StatsSamples.cpuAbsolute(previous, current)).isEqualTo(200.0);
    }

    @Test
    void cpuIsZeroWithoutPositiveDeltas() throws Exception {
        JsonNode same = json("{'cpu_usage': {'total_usage': 500}, 'system_cpu_usage': 1000, 'online_cpus': 2}");
        assertThat(StatsSamples.cpuAbsolute(same, same)).isEqualTo(0.0);
        // The first object of a stream has an empty precpu_stats: system delta > 0 but it still counts.
        JsonNode first = json("{}");
        assertThat(StatsSamples.cpuAbsolute(first, same)).isEqualTo(100.0);
    }

    @Test
    void sampleSumsNetworksAndTakesTheReadPrereadDelta() throws Exception {
        ResourceSample sample = StatsSamples.from(json("""
                {'read': '2024-03-17T20:58:31.250000001Z', 'preread': '2024-03-17T20:58:30.000000000Z',
                 'memory_stats': {'usage': 2048, 'limit': 4096, 'stats': {'total_inactive_file': 48}},
                 'cpu_stats': {'cpu_usage': {'total_usage': 10}, 'system_cpu_usage': 20, 'online_cpus': 1},
                 'precpu_stats': {'cpu_usage': {'total_usage': 10}, 'system_cpu_usage': 10},
                 'networks': {'eth0': {'rx_bytes': 100, 'tx_bytes': 10}, 'eth1': {'rx_bytes': 5, 'tx_bytes': 1}}}
                """));
        assertThat(sample).isEqualTo(new ResourceSample(2000, 4096, 0.0, 105, 11, 1250));
    }

    @Test
    void firstSampleWithZeroPrereadHasNoUptimeDelta() throws Exception {
        JsonNode stats = json("{'read': '2024-03-17T20:58:31Z', 'preread': '0001-01-01T00:00:00Z'}");
        assertThat(StatsSamples.uptimeDelta(stats)).isZero();
    }

    @Test
    void objectsReadAtGoZeroTimeAreNotLive() throws Exception {
        // What Docker keeps sending after the container stopped.
        assertThat(StatsSamples.isLive(json("{'read': '0001-01-01T00:00:00Z', 'preread': '2024-03-17T20:58:30Z'}")))
                .isFalse();
        assertThat(StatsSamples.isLive(json("{'read': '2024-03-17T20:58:31.1Z', 'preread': '0001-01-01T00:00:00Z'}")))
                .isTrue();
    }
}
