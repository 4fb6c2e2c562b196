package dev.pinion.testing;

import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pinion.PinionApplication;
import dev.pinion.PinionConfiguration;
import dev.pinion.cli.PinionServerCommand;
import dev.pinion.server.ServerManager;
import dev.pinion.sftp.SftpServer;
import io.dropwizard.lifecycle.JettyManaged;
import io.dropwizard.testing.DropwizardTestSupport;
import java.time.Duration;

/**
 * The daemon under test with its node directory and its Panel, started and stopped by hand so a
 * test can restart it the way an operator restarts the service.
 */
public final class TestDaemon implements AutoCloseable {
    private final TestNode node;
    private final FakePanel panel;
    private DropwizardTestSupport<PinionConfiguration> support;
    private Http http;

    public TestDaemon(FakePanel panel, String extraYaml) {
        this.panel = panel;
        this.node =
                TestNode.create("remote: " + panel.url() + "\nremote_query:\n  boot_servers_per_page: 2\n" + extraYaml);
    }

    public TestDaemon start() throws Exception {
        support = new DropwizardTestSupport<>(
                PinionApplication.class, node.configPath(), null, null, PinionServerCommand::new);
        support.before();
        http = new Http(support.getLocalPort());
        return this;
    }

    public void stop() {
        if (support != null) {
            support.after();
            support = null;
        }
    }

    /** The API listener's port. */
    public int port() {
        return support.getLocalPort();
    }

    /** The admin listener's port (health checks, metrics). */
    public int adminPort() {
        return support.getAdminPort();
    }

    /** A managed object of the running daemon (its ServerManager, say), to reach in where no API does. */
    /** The daemon's metric registry (what /metrics and /prometheus export). */
    public MetricRegistry metrics() {
        return support.getEnvironment().metrics();
    }

    /**
     * Requests that went through the servlet context (Dropwizard's instrumented handler in front of it
     * counts them; the handler fast paths' answers do not pass it).
     */
    public long servletContextRequests() {
        MetricRegistry metrics = metrics();
        String name = metrics.getTimers().keySet().stream()
                .filter(n -> n.startsWith("io.dropwizard.jetty.") && n.endsWith(".requests"))
                .findFirst()
                .orElseThrow();
        return metrics.timer(name).getCount();
    }

    public <T> T managed(Class<T> type) {
        for (var lifeCycle : support.getEnvironment().lifecycle().getManagedObjects()) {
            if (lifeCycle instanceof JettyManaged jetty && type.isInstance(jetty.getManaged())) {
                return type.cast(jetty.getManaged());
            }
        }
        throw new IllegalStateException("no managed " + type.getSimpleName());
    }

    /** The port the SFTP server listens on (the config asks the kernel for a free one). */
    public int sftpPort() {
        return managed(SftpServer.class).port();
    }

    public Http http() {
        return http;
    }

    public TestNode node() {
        return node;
    }

    public FakePanel panel() {
        return panel;
    }

    /** The running daemon's server manager, for tests that watch a server's event bus. */
    public ServerManager servers() {
        return support.getEnvironment().lifecycle().getManagedObjects().stream()
                .filter(JettyManaged.class::isInstance)
                .map(managed -> ((JettyManaged) managed).getManaged())
                .filter(ServerManager.class::isInstance)
                .map(ServerManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the daemon has no server manager"));
    }

    public JsonNode details(String uuid) {
        return Http.json(http.get("/api/servers/" + uuid));
    }

    public String state(String uuid) {
        return details(uuid).path("state").asText();
    }

    /** Waits until the server reports {@code state}. */
    public void awaitState(String uuid, String state, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> state.equals(state(uuid)));
    }

    /** Waits until the server's recent console holds a line containing {@code text}. */
    public void awaitConsole(String uuid, String text, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode data = Http.json(http.get("/api/servers/" + uuid + "/logs?size=100"))
                    .path("data");
            for (JsonNode line : data) {
                if (line.asText().contains(text)) {
                    return true;
                }
            }
            return false;
        });
    }

    public void power(String uuid, String action) {
        var response = http.postJson("/api/servers/" + uuid + "/power", "{\"action\":\"" + action + "\"}");
        if (response.statusCode() != 202) {
            throw new IllegalStateException(
                    "power " + action + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
