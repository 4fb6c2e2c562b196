package dev.pinion.bench;

import dev.pinion.testing.DockerCli;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * A server printing about 10,000 lines per second: the daemon's CPU (process CPU time over wall
 * time, in cores) and heap before and after (issue: servers in Docker, "Performance"). Run with
 * bench/console-flood.sh; prints the figures.
 */
@Tag("bench")
class ConsoleFloodBenchmark {
    private static final String FLOOD = "sh -c 'echo " + GameServers.DONE + "; while true; do i=0; "
            + "while [ $i -lt 1000 ]; do echo \"[12:00:00 INFO]: flood line $i with some typical log text in it\"; "
            + "i=$((i+1)); done; sleep 0.1; done'";

    @Test
    void tenThousandLinesPerSecond() throws Exception {
        String uuid = null;
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
             TestDaemon daemon = new TestDaemon(panel, "").start()) {
            uuid = panel.addServer(GameServers.server().invocation(FLOOD));
            daemon.http().postJson("/api/servers", "{\"uuid\":\"" + uuid + "\"}");
            daemon.power(uuid, "start");
            daemon.awaitState(uuid, "running", Duration.ofMinutes(1));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            var memory = ManagementFactory.getMemoryMXBean();

            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(Integer.getInteger("pinion.bench.seconds", 30))); // the measured window
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("BENCH console flood: daemon CPU %.2f cores over %d s; heap after GC %d MiB -> %d MiB%n",
                    (double) cpu / wall, wall / 1_000_000_000L, heapBefore >> 20, heapAfter >> 20);
        } finally {
            if (uuid != null) {
                DockerCli.run("rm", "-f", "-v", uuid);
            }
        }
    }
}
