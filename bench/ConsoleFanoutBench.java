import dev.pinion.testing.FakePanel;
import dev.pinion.testing.GameServers;
import dev.pinion.testing.PanelTokens;
import dev.pinion.testing.TestNode;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Console fan-out: one game server printing about 10,000 lines per second to N open console
 * sockets. The daemon runs as its own process (target/pinion.jar) so its CPU time can be read
 * from /proc; this JVM plays the Panel and the browsers. Run with bench/console-fanout.sh.
 *
 * <p>The browsers are Jetty's core WebSocket client: real sockets that upgrade as a browser does (Origin,
 * and offering permessage-deflate as every browser does), answer pings, and count every console output
 * message — by its event name at the start of the frame and the line number in it, without decoding the
 * rest — so that the browsers' own CPU does not starve the daemon on a small machine. Each socket keeps
 * the numbers it saw, so a line lost before any socket saw it (the attachment, Wings' throttle, the
 * server's feed) is told apart from a line one socket lost because it read too slowly.
 *
 * <p>Environment: DAEMON_JAVA_OPTS (the daemon's JVM flags, space-separated; the script passes the shipped
 * unit's), DAEMON_CPUS (a taskset CPU list for the daemon, default none), THROTTLE_LINES (Wings' console
 * throttle, lines per 100 ms; default 2000 as Wings).
 */
public final class ConsoleFanoutBench {
    private static final byte[] CONSOLE_OUTPUT = "{\"event\":\"console output\",\"args\":[\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE = "line ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DAEMON_NOTICE = "\\u001".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        int sockets = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        // 1000 lines, then 80 ms of sleep (no "}}": the image's entrypoint rewrites {{VAR}}): about 10,000 lines per second, each numbered
        String printer = "awk 'BEGIN{print \"" + GameServers.DONE + "\"; for(i=0;;i++){print \"line \" i \" lorem ipsum dolor sit amet\";"
                + " if(i%1000==999){system(\"usleep 80000\")} } }'";
        FakePanel panel = FakePanel.start(TestNode.TOKEN_ID, TestNode.TOKEN);
        String uuid = panel.addServer(GameServers.server().invocation(printer).cpuLimit(0).memory(256));
        int port;
        int adminPort;
        try (ServerSocket free = new ServerSocket(0); ServerSocket admin = new ServerSocket(0)) {
            port = free.getLocalPort();
            adminPort = admin.getLocalPort();
        }
        // THROTTLE_LINES raises Wings' console throttle (2000 lines per 100 ms) to see the fan-out alone
        String throttle = System.getenv().getOrDefault("THROTTLE_LINES", "");
        TestNode node = TestNode.create((throttle.isBlank() ? "" : "throttles:\n  lines: " + throttle + "\n")
                + "remote: " + panel.url() + "\napi:\n  host: 127.0.0.1\n  port: " + port + "\n"
                + "pinion:\n  admin:\n    port: " + adminPort + "\n  console:\n    max_sockets_per_server: " + (sockets + 10)
                + "\n    max_sockets_per_address: " + (sockets + 10) + "\n    max_pending_sockets_per_address: " + (sockets + 10) + "\n");
        List<String> command = new ArrayList<>();
        String cpus = System.getenv().getOrDefault("DAEMON_CPUS", "");
        if (!cpus.isBlank()) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Arrays.stream(System.getenv().getOrDefault("DAEMON_JAVA_OPTS", "").split(" ")).filter(o -> !o.isBlank()).forEach(command::add);
        command.addAll(List.of("-jar", "target/pinion.jar", "server", node.configPath()));
        System.out.println("daemon: " + String.join(" ", command));
        Process daemon = new ProcessBuilder(command)
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

            WebSocketCoreClient client = new WebSocketCoreClient();
            client.start();
            List<Counter> counters = new ArrayList<>();
            for (int i = 0; i < sockets; i++) {
                Counter counter = new Counter();
                CoreClientUpgradeRequest upgrade = CoreClientUpgradeRequest.from(client,
                        URI.create("ws://127.0.0.1:" + port + "/api/servers/" + uuid + "/ws"), counter);
                upgrade.headers(h -> h.put("Origin", panel.url()));
                upgrade.addExtensions("permessage-deflate; client_max_window_bits");
                CoreSession session = client.connect(upgrade).get(30, TimeUnit.SECONDS);
                if (i == 0) {
                    System.out.println("negotiated extensions: " + session.getNegotiatedExtensions());
                }
                String auth = "{\"event\":\"auth\",\"args\":[\"" + PanelTokens.websocket(uuid)
                        .expiresAt(java.time.Instant.now().plusSeconds(3600)).sign() + "\"]}";
                Callback.Completable sent = new Callback.Completable();
                session.sendFrame(new Frame(OpCode.TEXT, auth), sent, false);
                sent.get(30, TimeUnit.SECONDS);
                counters.add(counter);
            }
            // warm-up: JIT and the backlog of the sockets opened first (WARMUP_SECONDS, default 8)
            Thread.sleep(1000L * Integer.parseInt(System.getenv().getOrDefault("WARMUP_SECONDS", "8")));
            String dropped0 = droppedCounters(http, adminPort);
            long pid = daemon.pid();
            long cpu0 = cpuTicks(pid);
            long ownCpu0 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            long t0 = System.nanoTime();
            long[][] before = counters.stream().map(c -> c.record(true)).toArray(long[][]::new);
            Thread.sleep(seconds * 1000L);
            long elapsedNanos = System.nanoTime() - t0;
            long cpu1 = cpuTicks(pid);
            long ownCpu1 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            long[][] after = counters.stream().map(c -> c.record(false)).toArray(long[][]::new);
            // Lines printed in the window: the highest line number any socket saw, against the same at the start.
            long first = Arrays.stream(before).mapToLong(c -> c[1]).max().orElse(0);
            long last = Arrays.stream(after).mapToLong(c -> c[1]).max().orElse(0);
            long printed = last - first;
            long delivered = 0;
            long min = Long.MAX_VALUE;
            long best = 0;
            long gapsMax = 0;
            for (int i = 0; i < counters.size(); i++) {
                long got = after[i][0] - before[i][0];
                delivered += got;
                min = Math.min(min, got);
                best = Math.max(best, got);
                gapsMax = Math.max(gapsMax, after[i][2] - before[i][2]);
            }
            double secs = elapsedNanos / 1e9;
            double produced = printed / secs;
            double clientCores = (ownCpu1 - ownCpu0) / 1e9 / secs;
            double daemonCores = (cpu1 - cpu0) / 100.0 / secs;
            System.out.printf("sockets=%d window=%.1fs%n", sockets, secs);
            System.out.printf("server output: %.0f lines/s (line numbers seen by the sockets)%n", produced);
            System.out.printf("delivered: %.0f lines/s in total, %.0f per socket on average, slowest socket %.0f/s (%.1f%% of output)%n",
                    delivered / secs, delivered / secs / sockets, min / secs, 100.0 * min / printed);
            reportLosses(counters, before, after);
            System.out.printf("load average: %.2f; this JVM (Panel + %d browsers): %.2f cores%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), sockets, clientCores);
            System.out.printf("daemon CPU: %.2f cores (%.0f%% of one core)%n", daemonCores, (cpu1 - cpu0) / secs);
            // CPU per delivered message: comparable across runs even when a busy machine starves the daemon
            System.out.printf("daemon CPU per million messages delivered: %.2f core-seconds; browsers: %.2f core-seconds%n",
                    daemonCores * secs / (delivered / 1e6), clientCores * secs / (delivered / 1e6));
            System.out.println("daemon's drop counter, at the window's start and after it: " + dropped0 + "; "
                    + droppedCounters(http, adminPort));
            counters.stream().filter(c -> c.closed != null).findFirst().ifPresent(c -> System.out.printf(
                    "%d sockets closed during the run, the first with %s%n", counters.stream().filter(d -> d.closed != null).count(), c.closed));
            client.stop();
            post(http, base + "/api/servers/" + uuid + "/power", "{\"action\":\"kill\"}");
        } finally {
            daemon.destroy();
            daemon.waitFor();
            panel.close();
            new ProcessBuilder("docker", "rm", "-f", "-v", uuid).start().waitFor();
        }
    }

    /**
     * One browser: counts console output messages and keeps the highest line number seen and the
     * lines it skipped (a jump in the numbers), reading only the frame's first bytes.
     */
    static final class Counter implements FrameHandler {
        private long lines;
        private long lastSeq = -1;
        private long skipped;
        private long throttleNotices;
        // The line numbers this socket skipped, as ranges {first, last}, once recording is on.
        private final List<long[]> gaps = new ArrayList<>();
        private boolean recording;
        private CoreSession session;
        private volatile CloseStatus closed;
        private ByteBuffer partial;

        /** {lines, last line number, lines skipped, throttling notices}, consistent with each other. */
        synchronized long[] snapshot() {
            return new long[] {lines, lastSeq, skipped, throttleNotices};
        }

        /** Starts or stops keeping the skipped ranges; returns the snapshot at that moment. */
        synchronized long[] record(boolean on) {
            recording = on;
            return snapshot();
        }

        synchronized List<long[]> gaps() {
            return List.copyOf(gaps);
        }

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            callback.succeeded();
            coreSession.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            byte op = frame.getOpCode();
            if (op == OpCode.TEXT && frame.isFin() && partial == null) {
                count(frame.getPayload());
            } else if (op == OpCode.TEXT || op == OpCode.CONTINUATION) {
                // A message cut by the end of a network read arrives in fragments (Jetty's auto-fragment): join them.
                ByteBuffer payload = frame.getPayload();
                ByteBuffer joined = ByteBuffer.allocate((partial == null ? 0 : partial.remaining()) + payload.remaining());
                if (partial != null) {
                    joined.put(partial);
                }
                joined.put(payload.slice()).flip();
                partial = joined;
                if (frame.isFin()) {
                    count(partial);
                    partial = null;
                }
            } else if (op == OpCode.PING) {
                // As a browser does by itself: the daemon drops a socket that never answers.
                session.sendFrame(new Frame(OpCode.PONG).setPayload(frame.getPayload()), Callback.NOOP, false);
            }
            callback.succeeded();
            session.demand();
        }

        private void count(ByteBuffer payload) {
            int at = payload.position();
            if (!startsWith(payload, at, CONSOLE_OUTPUT)) {
                return;
            }
            at += CONSOLE_OUTPUT.length;
            long seq = -1;
            if (startsWith(payload, at, DAEMON_NOTICE)) {
                // Wings' "Server is outputting console data too quickly -- throttling..." (the only notice here)
                synchronized (this) {
                    lines++;
                    throttleNotices++;
                }
                return;
            }
            if (startsWith(payload, at, LINE)) {
                seq = 0;
                for (int i = at + LINE.length; i < payload.limit(); i++) {
                    byte b = payload.get(i);
                    if (b < '0' || b > '9') {
                        break;
                    }
                    seq = seq * 10 + (b - '0');
                }
            }
            synchronized (this) {
                lines++;
                if (seq >= 0) {
                    if (lastSeq >= 0 && seq > lastSeq + 1) {
                        skipped += seq - lastSeq - 1;
                        if (recording) {
                            gaps.add(new long[] {lastSeq + 1, seq - 1});
                        }
                    }
                    lastSeq = Math.max(lastSeq, seq);
                }
            }
        }

        private static boolean startsWith(ByteBuffer buffer, int at, byte[] prefix) {
            if (buffer.limit() - at < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (buffer.get(at + i) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            closed = closeStatus;
            callback.succeeded();
        }
    }

    /**
     * Losses over the lines every socket's window covers (numbers after every socket's first look and
     * up to every socket's last: a socket that lags is not counted as losing what is still on its way).
     * A line no socket got was lost before the sockets (the attachment, Wings' throttle, the feed); the
     * rest a socket lost on its own.
     */
    private static void reportLosses(List<Counter> counters, long[][] before, long[][] after) {
        long from = Arrays.stream(before).mapToLong(c -> c[1]).max().orElse(0) + 1;
        long to = Arrays.stream(after).mapToLong(c -> c[1]).min().orElse(0);
        long span = to - from + 1;
        if (span <= 0) {
            System.out.println("no line numbers common to every socket's window");
            return;
        }
        // Lines every socket skipped: count, over the span, the numbers inside a gap of every socket.
        java.util.TreeMap<Long, Integer> edges = new java.util.TreeMap<>();
        long[] lost = new long[counters.size()];
        for (int i = 0; i < counters.size(); i++) {
            for (long[] gap : counters.get(i).gaps()) {
                long a = Math.max(gap[0], from);
                long b = Math.min(gap[1], to);
                if (a <= b) {
                    lost[i] += b - a + 1;
                    edges.merge(a, 1, Integer::sum);
                    edges.merge(b + 1, -1, Integer::sum);
                }
            }
        }
        long lostByAll = 0;
        int open = 0;
        Long previous = null;
        for (var edge : edges.entrySet()) {
            if (previous != null && open == counters.size()) {
                lostByAll += edge.getKey() - previous;
            }
            open += edge.getValue();
            previous = edge.getKey();
        }
        long worst = Arrays.stream(lost).max().orElse(0);
        long lostByEvery = lostByAll;
        long alone = Arrays.stream(lost).filter(l -> l > lostByEvery).count();
        int worstAt = 0;
        for (int i = 0; i < lost.length; i++) {
            if (lost[i] == worst) {
                worstAt = i;
            }
        }
        StringBuilder sample = new StringBuilder();
        for (long[] gap : counters.get(worstAt).gaps()) {
            if (gap[1] >= from && gap[0] <= to && sample.length() < 300) {
                sample.append(gap[0]).append('-').append(gap[1]).append(' ');
            }
        }
        System.out.printf("  sockets that lost lines of their own: %d; the slowest one's gaps: %s%n", alone, sample);
        long notices = 0;
        long fewestNotices = Long.MAX_VALUE;
        for (int i = 0; i < counters.size(); i++) {
            long n = after[i][3] - before[i][3];
            notices = Math.max(notices, n);
            fewestNotices = Math.min(fewestNotices, n);
        }
        // Over the window's time instead: what each socket received against what it received plus what it
        // skipped meanwhile (a socket that lagged by more than the feed holds skips lines printed before).
        double worstShare = 1.0;
        long skippedInWindow = 0;
        for (int i = 0; i < counters.size(); i++) {
            long got = after[i][0] - before[i][0] - (after[i][3] - before[i][3]);
            long skipped = after[i][2] - before[i][2];
            skippedInWindow += skipped;
            worstShare = Math.min(worstShare, (double) got / (got + skipped));
        }
        System.out.printf("during the window: slowest socket got %.2f%% of the lines it received or skipped; %d skipped in all%n",
                100.0 * worstShare, skippedInWindow);
        System.out.printf("over lines %d..%d (%d lines, common to every socket's window):%n", from, to, span);
        System.out.printf("  lost before the sockets (no socket got them): %d (%.2f%%); throttling notices per socket: %d to %d%n",
                lostByAll, 100.0 * lostByAll / span, fewestNotices, notices);
        System.out.printf("  slowest socket got %.2f%% of the lines printed, %.2f%% of those that reached the sockets (lost alone: %d)%n",
                100.0 * (span - worst) / span, 100.0 * (span - worst) / (span - lostByAll), worst - lostByAll);
    }

    /** The daemon's console drop counters from its admin port's metrics. */
    private static String droppedCounters(HttpClient http, int adminPort) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            StringBuilder found = new StringBuilder();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("\"pinion\\.node\\.console_messages_dropped\":\\{\"count\":(\\d+)").matcher(body);
            while (m.find()) {
                found.append("by slow sockets: ").append(m.group(1));
            }
            return found.isEmpty() ? "(none published)" : found.toString().trim();
        } catch (Exception e) {
            return "(admin port unreachable: " + e + ")";
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
