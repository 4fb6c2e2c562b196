package dev.pinion.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A server printing about 10,000 lines per second: the daemon's CPU (process CPU time over wall
 * time, in cores) and heap before and after (issue: servers in Docker, "Performance"). Run with
 * bench/console-flood.sh; prints the figures.
 */
@Tag("bench")
class ConsoleFloodBenchmark {
    // Numbered bursts of 1,000 lines every 100 ms: about 10,000 lines per second, under Wings'
    // throttle of 2,000 lines per 100 ms. A shell loop of echo is far too slow for this.
    private static final String FLOOD = "sh -c 'echo " + GameServers.DONE + "; b=0; while true; do b=$((b+1)); "
            + "seq 1 1000 | sed \"s/^/[12:00:00 INFO]: burst $b flood line /\"; sleep 0.1; done'";
    private static final Pattern BURST = Pattern.compile("burst (\\d+) flood line (\\d+)");

    /** The number of the newest line in the daemon's console history (burst × 1000 + line). */
    private static long lastLineSeen(TestDaemon daemon, String uuid) {
        var data = Http.json(daemon.http().get("/api/servers/" + uuid + "/logs?size=100"))
                .path("data");
        long newest = 0;
        for (var line : data) {
            var m = BURST.matcher(line.asText());
            if (m.find()) {
                newest = Math.max(newest, Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2)));
            }
        }
        return newest;
    }

    @Test
    void tenThousandLinesPerSecond() throws Exception {
        String uuid = null;
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
                TestDaemon daemon = new TestDaemon(panel, "").start()) {
            uuid = panel.addServer(GameServers.server().invocation(FLOOD));
            daemon.http().postJson("/api/servers", "{\"uuid\":\"" + uuid + "\"}");
            daemon.power(uuid, "start");
            daemon.awaitState(uuid, "running", Duration.ofMinutes(1));
            var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            var memory = ManagementFactory.getMemoryMXBean();

            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            long firstLine = lastLineSeen(daemon, uuid);
            Thread.sleep(Duration.ofSeconds(Integer.getInteger("pinion.bench.seconds", 30))); // the measured window
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            long delivered = lastLineSeen(daemon, uuid) - firstLine;
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            System.out.printf(
                    "BENCH console flood: %d lines/s through the daemon's console; daemon CPU %.2f cores "
                            + "over %d s; heap after GC %d MiB -> %d MiB%n",
                    delivered * 1_000_000_000L / wall,
                    (double) cpu / wall,
                    wall / 1_000_000_000L,
                    heapBefore >> 20,
                    heapAfter >> 20);
        } finally {
            if (uuid != null) {
                DockerCli.run("rm", "-f", "-v", uuid);
            }
        }
    }
}
