package dev.pinion.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Headless Chromium driven over the WebDriver protocol with plain HTTP calls to chromedriver
 * (Debian packages chromium and chromium-driver), with a fresh profile each time.
 */
public final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final String base;
    private final Path profile;
    private String session;

    private Chromium(Process driver, int port, Path profile) {
        this.driver = driver;
        this.base = "http://127.0.0.1:" + port;
        this.profile = profile;
    }

    /** Whether chromium and chromedriver are installed (scripts/test.sh installs them). */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    }

    public static Chromium start() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path profile = Files.createTempDirectory("pinion-chromium-");
        Process driver = new ProcessBuilder("/usr/bin/chromedriver", "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Chromium chromium = new Chromium(driver, port, profile);
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> chromium.call("GET", "/status", null)
                        .path("value")
                        .path("ready")
                        .asBoolean());
        ObjectNode options = JSON.createObjectNode().put("binary", "/usr/bin/chromium");
        ArrayNode args = options.putArray("args");
        FLAGS.forEach(args::add);
        args.add("--user-data-dir=" + profile);
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities
                .putObject("capabilities")
                .putObject("alwaysMatch")
                .put("browserName", "chrome")
                .set("goog:chromeOptions", options);
        chromium.session = chromium.call("POST", "/session", capabilities)
                .path("value")
                .path("sessionId")
                .asText();
        return chromium;
    }

    public void open(String url) {
        call("POST", "/session/" + session + "/url", JSON.createObjectNode().put("url", url));
    }

    /** Runs {@code script} (a function body) in the page and returns its value. */
    public JsonNode execute(String script) {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body).path("value");
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("chromedriver " + method + " " + path + ": " + response.body());
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (RuntimeException ignored) {
            // the driver is stopped below anyway
        } finally {
            driver.destroy();
            try (var paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind
            }
        }
    }
}
