package dev.pinion.bench;

import static org.awaitility.Awaitility.await;

import com.sun.management.OperatingSystemMXBean;
import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.Http;
import dev.pinion.testing.TestDaemon;
import dev.pinion.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /prometheus} on the admin port of a daemon with 100 servers (issue #14
 * "Performance"): median and p95 latency beside Dropwizard's own {@code /metrics} JSON of the same
 * registry, and the daemon's CPU time per scrape as a share of one core at one scrape every 5 s.
 * The servers are offline (no containers): every per-server gauge is still exported, and a
 * running server's values are read from the last stats sample, so the scrape does the same work.
 * Run with bench/prometheus-100-servers.sh.
 */
@Tag("bench")
class PrometheusScrapeBenchmark {
    private static final int SERVERS = Integer.getInteger("pinion.bench.servers", 100);
    private static final int SCRAPES = Integer.getInteger("pinion.bench.scrapes", 300);

    @Test
    void scrapeOf100Servers() throws Exception {
        try (FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN)) {
            for (int i = 0; i < SERVERS; i++) {
                panel.addServer(GameServers.server());
            }
            try (TestDaemon daemon = new TestDaemon(panel, "remote_query:\n  boot_servers_per_page: 50\n").start()) {
                await().atMost(Duration.ofMinutes(5))
                        .until(() -> daemon.servers().all().size() == SERVERS);
                Http admin = new Http(daemon.adminPort());
                String body = admin.send(admin.request("/prometheus").GET()).body();
                long series = body.lines().filter(l -> l.contains("uuid=\"")).count();
                System.out.printf(
                        "BENCH /prometheus with %d servers: %d bytes, %d per-server series%n",
                        SERVERS, body.length(), series);
                Result prometheus = measure(admin, "/prometheus");
                Result json = measure(admin, "/metrics");
                System.out.printf(
                        "BENCH /prometheus median %.2f ms, p95 %.2f ms; /metrics (reference) median %.2f ms;"
                                + " ratio %.2f%n",
                        prometheus.median, prometheus.p95, json.median, prometheus.median / json.median);
                // The daemon runs in this JVM: its CPU time over the scrapes, per scrape.
                System.out.printf(
                        "BENCH CPU per /prometheus scrape %.2f ms = %.3f %% of one core at one scrape every 5 s%n",
                        prometheus.cpuMillisPerRequest, prometheus.cpuMillisPerRequest / 5000 * 100);
            }
        }
    }

    private record Result(double median, double p95, double cpuMillisPerRequest) {}

    private static Result measure(Http admin, String path) {
        for (int i = 0; i < 50; i++) {
            admin.send(admin.request(path).GET());
        }
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> millis = new ArrayList<>();
        long cpuBefore = os.getProcessCpuTime();
        for (int i = 0; i < SCRAPES; i++) {
            long start = System.nanoTime();
            admin.send(admin.request(path).GET());
            millis.add((System.nanoTime() - start) / 1e6);
        }
        double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e6 / SCRAPES;
        Collections.sort(millis);
        return new Result(millis.get(millis.size() / 2), millis.get((int) (millis.size() * 0.95)), cpu);
    }
}
