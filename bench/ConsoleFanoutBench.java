import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.TestNode;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Console fan-out: one game server printing about 10,000 lines per second to N open console
 * sockets. The daemon runs as its own process (target/pinion.jar) so its CPU time can be read
 * from /proc; this JVM plays the Panel and the browsers. Run with bench/console-fanout.sh.
 */
public final class ConsoleFanoutBench {
    private static final Pattern SEQ = Pattern.compile("line (\\d+)");

    public static void main(String[] args) throws Exception {
        int sockets = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        // 1000 lines, then 80 ms of sleep (no "}}": the image's entrypoint rewrites {{VAR}}): about 10,000 lines per second, each numbered
        String printer = "awk 'BEGIN{print \"" + GameServers.DONE + "\"; for(i=0;;i++){print \"line \" i \" lorem ipsum dolor sit amet\";"
                + " if(i%1000==999){system(\"usleep 80000\")} } }'";
        FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        String uuid = panel.addServer(GameServers.server().invocation(printer).cpuLimit(0).memory(256));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        TestNode node = TestNode.create("remote: " + panel.url() + "\napi:\n  host: 127.0.0.1\n  port: " + port + "\n"
                + "pinion:\n  admin:\n    port: 0\n  console:\n    max_sockets_per_server: " + (sockets + 10)
                + "\n    max_sockets_per_address: " + (sockets + 10) + "\n    max_pending_sockets_per_address: " + (sockets + 10) + "\n");
        Process daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/pinion.jar", "server", node.configPath())
                .redirectErrorStream(true).redirectOutput(Path.of("/tmp/pinion-bench-daemon.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        try {
            await(() -> get(http, base + "/api/servers/" + uuid).statusCode() == 200, 300); // a busy machine boots slowly
            Thread.sleep(1100); // tokens from the daemon's boot second are refused
            post(http, base + "/api/servers/" + uuid + "/power", "{\"action\":\"start\"}");
            try {
                await(() -> get(http, base + "/api/servers/" + uuid).body().contains("\"state\":\"running\""), 60);
            } catch (IllegalStateException e) {
                System.out.println(get(http, base + "/api/servers/" + uuid).body());
                System.out.println(get(http, base + "/api/servers/" + uuid + "/logs").body());
                throw e;
            }

            List<Counter> counters = new ArrayList<>();
            for (int i = 0; i < sockets; i++) {
                Counter counter = new Counter();
                WebSocket socket = http.newWebSocketBuilder().header("Origin", panel.url())
                        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/servers/" + uuid + "/ws"), counter).join();
                socket.sendText("{\"event\":\"auth\",\"args\":[\"" + PanelTokens.websocket(uuid)
                        .expiresAt(java.time.Instant.now().plusSeconds(3600)).sign() + "\"]}", true).join();
                counters.add(counter);
            }
            Thread.sleep(3000); // warm-up
            long pid = daemon.pid();
            long cpu0 = cpuTicks(pid);
            long ownCpu0 = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            long t0 = System.nanoTime();
            long[] before = counters.stream().mapToLong(c -> c.lines.get()).toArray();
            long seq0 = counters.get(0).lastSeq.get();
            Thread.sleep(seconds * 1000L);
            long elapsedNanos = System.nanoTime() - t0;
            long cpu1 = cpuTicks(pid);
            long seq1 = counters.get(0).lastSeq.get();
            long delivered = 0;
            long min = Long.MAX_VALUE;
            for (int i = 0; i < counters.size(); i++) {
                long got = counters.get(i).lines.get() - before[i];
                delivered += got;
                min = Math.min(min, got);
            }
            double secs = elapsedNanos / 1e9;
            double produced = (seq1 - seq0) / secs;
            System.out.printf("sockets=%d window=%.1fs%n", sockets, secs);
            System.out.printf("server output: %.0f lines/s (sequence numbers seen by socket 0)%n", produced);
            System.out.printf("delivered: %.0f lines/s in total, %.0f per socket on average, slowest socket %.0f/s (%.1f%% of output)%n",
                    delivered / secs, delivered / secs / sockets, min / secs, 100.0 * min / secs / produced);
            System.out.printf("load average: %.2f; this JVM (Panel + %d browsers): %.2f cores%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), sockets,
                    (((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime() - ownCpu0) / 1e9 / secs);
            System.out.printf("daemon CPU: %.2f cores (%.0f%% of one core)%n", (cpu1 - cpu0) / 100.0 / secs, (cpu1 - cpu0) / secs);
            // CPU per delivered message: comparable across runs even when a busy machine starves the daemon
            System.out.printf("daemon CPU per million messages delivered: %.2f core-seconds%n",
                    (cpu1 - cpu0) / 100.0 / (delivered / 1e6));
            post(http, base + "/api/servers/" + uuid + "/power", "{\"action\":\"kill\"}");
        } finally {
            daemon.destroy();
            daemon.waitFor();
            panel.close();
            new ProcessBuilder("docker", "rm", "-f", "-v", uuid).start().waitFor();
        }
    }

    /** Counts console lines, keeping the last sequence number printed by the server. */
    static final class Counter implements WebSocket.Listener {
        final AtomicLong lines = new AtomicLong();
        final AtomicLong lastSeq = new AtomicLong();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.startsWith("{\"event\":\"console output\"")) {
                    lines.incrementAndGet();
                    Matcher m = SEQ.matcher(text);
                    if (m.find()) {
                        lastSeq.set(Long.parseLong(m.group(1)));
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private static long cpuTicks(long pid) throws Exception {
        String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll("^.*\\) ", "").split(" ");
        // after the command name: field 14 (utime) and 15 (stime) are at index 11 and 12
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TestNode.TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void post(HttpClient http, String url, String json) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TestNode.TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception ignored) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out");
    }
}
