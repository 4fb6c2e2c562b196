package dev.pinion.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The daemon in a JVM of its own ({@code java -cp <runtime class path> dev.pinion.PinionApplication
 * server <config>}), so a test can kill it with SIGKILL mid-work and start it again on the same node
 * directory, as a crash and a restart by systemd would. Its output goes to {@code <node>/daemon.log}.
 */
public final class ChildDaemon implements AutoCloseable {
    private final TestNode node;
    private final Http http;
    private final Path log;
    private Process process;

    private ChildDaemon(TestNode node, int port) {
        this.node = node;
        this.http = new Http(port);
        this.log = node.root().resolve("daemon.log");
    }

    /** A node for {@code panel} on a fixed free API port (it must stay the same across restarts). */
    public static ChildDaemon create(FakePanel panel, String extraYaml) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestNode node = TestNode.create(
                "remote: " + panel.url() + "\napi:\n  host: 127.0.0.1\n  port: " + port + "\n" + extraYaml);
        return new ChildDaemon(node, port);
    }

    /** Starts the process and waits until its API answers. */
    public ChildDaemon start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the daemon is already running");
        }
        String classPath =
                DaemonClassPath.entries().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        classPath,
                        "dev.pinion.PinionApplication",
                        "server",
                        node.configPath())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the daemon exited with " + process.exitValue() + ":\n" + output());
                    }
                    try {
                        return http.send(http.authorized("/api/system")).statusCode() == 200;
                    } catch (RuntimeException refused) {
                        return false;
                    }
                });
        return this;
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook, no flush, nothing. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM, as {@code systemctl stop} sends: the daemon shuts down in order. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Http http() {
        return http;
    }

    public TestNode node() {
        return node;
    }

    /** Everything the daemon wrote to stdout and stderr, over all its runs (for failure messages). */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Lines of {@link #output()} containing {@code text}. */
    public List<String> outputLines(String text) {
        return output().lines().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        stop();
    }
}
