package dev.pinion.panel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client for the Panel's {@code /api/remote} API: every call Wings makes (spec
 * wings-to-panel-and-config.md A2–A11), with Wings' headers, retries and error reading.
 * Thread-safe. Failures are {@link PanelException} (the Panel answered an error),
 * {@link PanelUnreachableException} (no answer after retrying) or {@link PanelResponseFormatException}.
 */
public final class PanelClient {
    private static final Logger LOG = LoggerFactory.getLogger(PanelClient.class);
    private static final long MAX_PAGES = 100_000;
    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.UTF_8);

    private final PanelClientSettings settings;
    private final PanelTransport transport;
    private final ObjectMapper mapper;
    private final ServerConfigurationParser parser;

    /**
     * The production client: Wings' retry policy, the real clock, a JDK HttpClient.
     *
     * @param credentials read before every attempt, so a token rotated live is used on the next call
     * @param version this daemon's version, sent in the User-Agent as {@code v<version>}
     */
    public PanelClient(PanelClientSettings settings, Supplier<PanelCredentials> credentials, String version) {
        this(
                settings,
                credentials,
                version,
                defaultHttpClient(settings),
                PanelJson.newMapper(),
                RetryPolicy.WINGS,
                RetryClock.system());
    }

    /** Everything injectable: tests pass a fast clock and a tiny policy; wiring may pass an HttpClient with its own TLS setup. */
    public PanelClient(
            PanelClientSettings settings,
            Supplier<PanelCredentials> credentials,
            String version,
            HttpClient http,
            ObjectMapper mapper,
            RetryPolicy policy,
            RetryClock clock) {
        this(
                settings,
                credentials,
                version,
                http,
                mapper,
                policy,
                clock,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** As above with the jitter source fixed, so tests can pin exact retry timings. */
    PanelClient(
            PanelClientSettings settings,
            Supplier<PanelCredentials> credentials,
            String version,
            HttpClient http,
            ObjectMapper mapper,
            RetryPolicy policy,
            RetryClock clock,
            DoubleSupplier random) {
        this.settings = settings;
        this.mapper = mapper;
        this.parser = new ServerConfigurationParser(mapper);
        this.transport = new PanelTransport(
                settings, credentials, version, http, new PanelErrorParser(mapper), policy, clock, random);
    }

    /** A JDK HttpClient as Wings' Go client behaves: follows redirects, connect timeout = request timeout. */
    public static HttpClient defaultHttpClient(PanelClientSettings settings) {
        return httpClientBuilder(settings).build();
    }

    /**
     * As {@link #defaultHttpClient} but accepting any certificate and host name: Wings'
     * {@code --ignore-certificate-errors} flag, for a Panel behind a self-signed certificate.
     */
    public static HttpClient insecureHttpClient(PanelClientSettings settings) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new InsecureTrustManager()}, null);
            return httpClientBuilder(settings).sslContext(tls).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no TLS context", e);
        }
    }

    private static HttpClient.Builder httpClientBuilder(PanelClientSettings settings) {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(settings.requestTimeout())
                // Plain-HTTP Panels get HTTP/1.1 as from Go; HTTPS negotiates HTTP/2 through ALPN as Go does.
                .version(
                        settings.remote().startsWith("https:")
                                ? HttpClient.Version.HTTP_2
                                : HttpClient.Version.HTTP_1_1);
    }

    /** The parser for boot-list items, so the caller can skip the one that fails (spec A3 step 3). */
    public ServerConfigurationParser parser() {
        return parser;
    }

    // ---- A3: boot list ----

    /**
     * GET /servers, every page: first {@code page=0}, then pages {@code current_page+1 … last_page}
     * in parallel with the same {@code per_page} (spec A3). Any page failing fails the whole list.
     * Items come back in page order.
     */
    public List<RawServerData> getServers() {
        int perPage = settings.bootServersPerPage();
        ServersPage first = getServersPage(0, perPage);
        List<RawServerData> servers = new ArrayList<>(first.data());
        long current = first.meta().currentPage();
        long last = first.meta().lastPage();
        if (last <= 1 || current >= last) {
            return servers;
        }
        if (last - current > MAX_PAGES) {
            // One virtual thread per page is Wings' design; a corrupt last_page must not spawn millions.
            throw new PanelResponseFormatException("GET /servers: implausible last_page " + last, null);
        }
        int remaining = (int) (last - current);
        List<List<RawServerData>> byPage = new ArrayList<>(Collections.nCopies(remaining, List.of()));
        try (ExecutorService pages = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletionService<Map.Entry<Integer, List<RawServerData>>> done = new ExecutorCompletionService<>(pages);
            for (int i = 0; i < remaining; i++) {
                int index = i;
                long page = current + 1 + i;
                done.submit(() -> Map.entry(index, getServersPage(page, perPage).data()));
            }
            for (int i = 0; i < remaining; i++) {
                // Take pages as they finish, so the first failure stops the rest at once.
                Map.Entry<Integer, List<RawServerData>> result = awaitPage(done, pages);
                byPage.set(result.getKey(), result.getValue());
            }
        }
        byPage.forEach(servers::addAll);
        return servers;
    }

    private static <T> T awaitPage(CompletionService<T> done, ExecutorService pages) {
        try {
            return done.take().get();
        } catch (ExecutionException e) {
            pages.shutdownNow();
            if (e.getCause() instanceof PanelCallException failure) {
                throw failure;
            }
            throw new PanelCallException("loading the server list failed", e.getCause());
        } catch (InterruptedException e) {
            pages.shutdownNow();
            Thread.currentThread().interrupt();
            throw new PanelCallException("interrupted while loading the server list", e);
        }
    }

    /** GET /servers?page=&per_page= — one page of this node's server configurations. */
    public ServersPage getServersPage(long page, int perPage) {
        byte[] body = transport.exchange(PanelRequest.get("/servers", "page=" + page + "&per_page=" + perPage));
        return read(body, ServersPage.class, "GET /servers");
    }

    /**
     * Whether the Panel answers this node's credentials: one attempt, never retried, at the
     * smallest page of the boot list (what an operator's health check needs, not a boot).
     *
     * @return the Panel's HTTP status
     * @throws PanelUnreachableException when nothing answered
     */
    public int probe() {
        return transport.probe(PanelRequest.get("/servers", "page=0&per_page=1"));
    }

    // ---- A4, A5: one server, reset ----

    /**
     * GET /servers/{uuid}. A server the Panel does not know throws a {@link PanelException} whose
     * {@link PanelException#isNotFound()} is true.
     */
    public ServerConfiguration getServerConfiguration(String uuid) {
        byte[] body = transport.exchange(PanelRequest.get("/servers/" + PathSegment.encode(uuid), null));
        return parser.parse(read(body, JsonNode.class, "GET /servers/" + uuid));
    }

    /** POST /servers/reset with body {@code null}: clears installing/restoring states after boot (spec A5). */
    public void resetServersState() {
        transport.exchange(PanelRequest.post("/servers/reset", JSON_NULL));
    }

    // ---- A6, A7: install ----

    /** GET /servers/{uuid}/install — the installer image, entrypoint and script. */
    public InstallationScript getInstallationScript(String uuid) {
        byte[] body = transport.exchange(PanelRequest.get("/servers/" + PathSegment.encode(uuid) + "/install", null));
        return read(body, InstallationScript.class, "GET /servers/" + uuid + "/install");
    }

    /** POST /servers/{uuid}/install — reports the end of an install or reinstall, success or not. */
    public void setInstallationStatus(String uuid, InstallStatusReport report) {
        transport.exchange(PanelRequest.post("/servers/" + PathSegment.encode(uuid) + "/install", write(report)));
    }

    // ---- A8: transfers ----

    /** POST /servers/{uuid}/transfer/success or /failure with body {@code null} (spec A8). */
    public void setTransferStatus(String uuid, boolean successful) {
        String path = "/servers/" + PathSegment.encode(uuid) + "/transfer/" + (successful ? "success" : "failure");
        transport.exchange(PanelRequest.post(path, JSON_NULL));
    }

    // ---- A9: backups ----

    /** GET /backups/{backup}?size= — presigned S3 part URLs for an archive of {@code size} bytes. */
    public BackupUploadUrls getBackupRemoteUploadUrls(String backup, long size) {
        byte[] body = transport.exchange(PanelRequest.get("/backups/" + PathSegment.encode(backup), "size=" + size));
        return read(body, BackupUploadUrls.class, "GET /backups/" + backup);
    }

    /** POST /backups/{backup} — reports a finished backup, successful or failed. */
    public void setBackupStatus(String backup, BackupStatusReport report) {
        transport.exchange(PanelRequest.post("/backups/" + PathSegment.encode(backup), write(report)));
    }

    /** POST /backups/{backup}/restore with {@code {"successful": …}} — reports the end of a restore. */
    public void sendRestorationStatus(String backup, boolean successful) {
        transport.exchange(PanelRequest.post(
                "/backups/" + PathSegment.encode(backup) + "/restore", write(Map.of("successful", successful))));
    }

    // ---- A10: SFTP ----

    /**
     * POST /sftp/auth. Any 4xx (403 wrong credentials or no SFTP permission, 429 throttled, 409
     * suspended, 422 bad input, 400) becomes {@link SftpInvalidCredentialsException}, as in Wings;
     * 5xx and transport failures are retried and then thrown as they are.
     */
    public SftpAuthResponse validateSftpCredentials(SftpAuthRequest request) {
        byte[] body;
        try {
            body = transport.exchange(PanelRequest.post("/sftp/auth", write(request)));
        } catch (PanelException e) {
            if (e.isClientError()) {
                LOG.warn(
                        "SFTP login refused by the Panel for {} from {}: {}",
                        request.username(),
                        request.ip(),
                        e.getMessage());
                throw new SftpInvalidCredentialsException(e);
            }
            throw e;
        }
        return read(body, SftpAuthResponse.class, "POST /sftp/auth");
    }

    // ---- A11: activity ----

    /** POST /activity with {@code {"data": [...]}}; the Panel answers 200 with an empty body. */
    public void sendActivity(List<ActivityEvent> events) {
        transport.exchange(PanelRequest.post("/activity", write(Map.of("data", events))));
    }

    private <T> T read(byte[] body, Class<T> type, String call) {
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw new PanelResponseFormatException(call + ": the Panel sent an empty body", null);
            }
            return value;
        } catch (IOException e) {
            throw new PanelResponseFormatException(call + ": could not parse the Panel's answer: " + e.getMessage(), e);
        }
    }

    private byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a Panel request body", e);
        }
    }
}
