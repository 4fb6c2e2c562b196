package dev.pinion.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pinion.testing.FakePanelState.Backup;
import dev.pinion.testing.FakePanelState.Server;
import dev.pinion.testing.FakePanelState.User;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP server on 127.0.0.1 that answers the /api/remote API exactly as the Pterodactyl Panel
 * does (spec wings-to-panel-and-config.md A1–A11): node-token authentication with the Panel's
 * 401/400/403 bodies, the Laravel paginator for GET /servers, 404/409/422 bodies, 204s. It also
 * serves the presigned S3 part URLs it hands out, so S3 backups can run end to end against it.
 *
 * <p>Tests configure it (servers, install scripts, backups, SFTP users), inject failures (a status
 * N times, slow answers, going down and coming back on the same port) and inspect every request it
 * received. Waiting is done with {@link #awaitRequest}, never with sleeps. Thread-safe.
 *
 * <pre>{@code
 * try (FakePanel panel = FakePanel.start()) {
 *     String uuid = panel.addServer(ServerConfigBuilder.server().memory(1024));
 *     // config.yml: remote = panel.url(), token_id = panel.tokenId(), token = panel.token()
 *     panel.failNext(FakePanel.call("GET", "/servers/" + uuid), 2, 502);   // then answers normally
 *     ... start the daemon ...
 *     panel.awaitRequest(FakePanel.call("POST", "/servers/reset"), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class FakePanel implements AutoCloseable {
    /** Where the API lives below {@link #url()}. */
    public static final String API_PREFIX = "/api/remote";

    private static final String S3_PREFIX = "/fake-s3/";

    private final FakePanelState state = new FakePanelState();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final Object requestsChanged = new Object();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    // Pages of the Panel's own site (the browser console), by path.
    private final Map<String, FakePanelReply> pages = new ConcurrentHashMap<>();
    // The application API's node configuration (GET /api/application/nodes/<id>/configuration), by node id.
    private final Map<Long, String> nodeConfigurations = new ConcurrentHashMap<>();
    private volatile String applicationKey;
    private final int port;
    private final String url;
    private final FakePanelRoutes routes;
    private final SSLContext tls;
    private HttpServer server;
    private ExecutorService executor;

    private FakePanel(String tokenId, String token, SSLContext tls) throws IOException {
        state.nodeTokenId = tokenId;
        state.nodeToken = token;
        this.tls = tls;
        HttpServer first = bind(0);
        this.port = first.getAddress().getPort();
        this.url = (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
        this.routes = new FakePanelRoutes(state, url);
        serve(first);
    }

    /** Starts a Panel on an ephemeral port that accepts a random node token. */
    public static FakePanel start() {
        return start(randomAlphanumeric(16), randomAlphanumeric(64));
    }

    /** Starts a Panel that accepts {@code Bearer <tokenId>.<token>}. */
    public static FakePanel start(String tokenId, String token) {
        try {
            return new FakePanel(tokenId, token, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Panel", e);
        }
    }

    /** Starts a Panel served over HTTPS with a fresh self-signed certificate (for --ignore-certificate-errors). */
    public static FakePanel startHttps() {
        try {
            return new FakePanel(randomAlphanumeric(16), randomAlphanumeric(64), SelfSignedTls.serverContext());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Panel", e);
        }
    }

    // ---------------------------------------------------------------- where and who

    /** The Panel's address, as config {@code remote} holds it (no trailing slash). */
    public String url() {
        return url;
    }

    public int port() {
        return port;
    }

    /** The node token id the Panel accepts (config {@code token_id}). */
    public String tokenId() {
        return state.nodeTokenId;
    }

    /** The node token the Panel accepts (config {@code token}). */
    public String token() {
        return state.nodeToken;
    }

    /** Changes the node credentials the Panel accepts, as resetting a node's token does. */
    public FakePanel setNodeCredentials(String tokenId, String token) {
        state.nodeTokenId = Objects.requireNonNull(tokenId);
        state.nodeToken = Objects.requireNonNull(token);
        return this;
    }

    /**
     * Serves {@code body} at {@code path} on the Panel's own origin, as the Panel serves its frontend
     * (and, say, {@code /api/client/servers/<uuid>/websocket} to the browser).
     */
    public FakePanel servePage(String path, String contentType, String body) {
        pages.put(
                path,
                new FakePanelReply(200, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /**
     * Serves {@code json} as node {@code nodeId}'s configuration on the application API, to requests
     * carrying {@code Bearer <applicationKey>} (spec wings-to-panel-and-config.md B3, B4).
     */
    public FakePanel serveNodeConfiguration(long nodeId, String applicationKey, String json) {
        this.applicationKey = Objects.requireNonNull(applicationKey);
        nodeConfigurations.put(nodeId, json);
        return this;
    }

    // ---------------------------------------------------------------- servers

    /**
     * Adds (or replaces) a server on this node; returns its uuid. Its install script is a small
     * default that runs in the local test image.
     */
    public String addServer(ServerConfigBuilder server) {
        return putServer(server.build(), true);
    }

    /** Adds a server that lives on another node: readable by uuid, absent from this node's list. */
    public String addServerOnOtherNode(ServerConfigBuilder server) {
        return putServer(server.build(), false);
    }

    /** Replaces a known server's configuration, keeping its Panel-side status and users. */
    public FakePanel updateServer(ServerConfigBuilder server) {
        serverOrThrow(server.uuid()).config = server.build();
        return this;
    }

    public FakePanel removeServer(String uuid) {
        state.servers.remove(uuid);
        return this;
    }

    /** The server's Panel status: null (normal), installing, install_failed, reinstall_failed, suspended, restoring_backup. */
    public String serverStatus(String uuid) {
        return serverOrThrow(uuid).status;
    }

    public FakePanel setServerStatus(String uuid, String status) {
        serverOrThrow(uuid).status = status;
        return this;
    }

    /** Whether a transfer of this server is in progress (without one, transfer reports get 409). */
    public FakePanel setTransferring(String uuid, boolean transferring) {
        serverOrThrow(uuid).transferring = transferring;
        return this;
    }

    public boolean isTransferring(String uuid) {
        return serverOrThrow(uuid).transferring;
    }

    /** Whether the server is listed for this node (a successful transfer report moves it here). */
    public boolean isOnThisNode(String uuid) {
        return serverOrThrow(uuid).onThisNode;
    }

    /** Sets what GET /servers/{uuid}/install answers; {@code script} may be null, as the Panel can send. */
    public FakePanel setInstallScript(String uuid, String containerImage, String entrypoint, String script) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("container_image", containerImage);
        node.put("entrypoint", entrypoint);
        if (script == null) {
            node.putNull("script");
        } else {
            node.put("script", script);
        }
        serverOrThrow(uuid).installScript = node;
        return this;
    }

    // ---------------------------------------------------------------- backups

    /** Registers a backup of a server, as the Panel creates it before asking the node to run it. */
    public FakePanel addBackup(String backupUuid, String serverUuid) {
        state.backups.put(backupUuid, new Backup(backupUuid, serverUuid));
        return this;
    }

    /** Makes the Panel's backup adapter S3 (GET /backups/{b}?size= answers part URLs) or not (400). */
    public FakePanel useS3Backups(boolean s3) {
        state.s3Backups = s3;
        return this;
    }

    /** The S3 part size handed out (default 5 GiB, as the Panel's BACKUP_MAX_PART_SIZE). */
    public FakePanel setBackupPartSize(long bytes) {
        state.backupPartSize = bytes;
        return this;
    }

    /**
     * Makes S3 backups real: the Panel starts multipart uploads on {@code s3}, hands out presigned
     * UploadPart URLs (relayed through this Panel so failures can be injected with {@link #failNext}
     * on paths starting {@code /s3-relay/}) and completes or aborts the upload on the report.
     */
    public FakePanel useS3(S3Proxy s3) {
        state.s3 = s3;
        state.s3Backups = s3 != null;
        return this;
    }

    /** The object key the Panel uses for a backup: {@code <server uuid>/<backup uuid>.tar.gz}. */
    public String s3Key(String backupUuid) {
        Backup backup = backupOrThrow(backupUuid);
        return backup.serverUuid + "/" + backup.uuid + ".tar.gz";
    }

    /** The upload id of the backup's multipart upload, or null before it started. */
    public String s3UploadId(String backupUuid) {
        return backupOrThrow(backupUuid).uploadId;
    }

    /** The last POST /backups/{b} body the Panel accepted, or null. */
    public JsonNode backupReport(String backupUuid) {
        return backupOrThrow(backupUuid).lastReport;
    }

    /** The {@code successful} flag of the last POST /backups/{b}/restore, or null. */
    public Boolean restoreReport(String backupUuid) {
        return backupOrThrow(backupUuid).restoreSuccessful;
    }

    /** The bytes PUT to the presigned part URLs, concatenated in part order. */
    public byte[] s3UploadedBytes(String backupUuid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        backupOrThrow(backupUuid).s3Parts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.writeBytes(e.getValue()));
        return out.toByteArray();
    }

    /** How many parts were PUT for the backup. */
    public int s3PartCount(String backupUuid) {
        return backupOrThrow(backupUuid).s3Parts.size();
    }

    // ---------------------------------------------------------------- users (SFTP)

    /** Adds a Panel user who can log in with this password; returns the user's uuid. */
    public String addUser(String username, String password) {
        String uuid = UUID.randomUUID().toString();
        state.users.put(username, new User(uuid, username, password));
        return uuid;
    }

    public FakePanel setUserPassword(String username, String password) {
        userOrThrow(username).password = password;
        return this;
    }

    public FakePanel setRootAdmin(String username, boolean rootAdmin) {
        userOrThrow(username).rootAdmin = rootAdmin;
        return this;
    }

    /** Registers an SSH key ({@code "ssh-ed25519 AAAA… comment"}) for the user. */
    public FakePanel addUserKey(String username, String authorizedKey) {
        userOrThrow(username).keys.add(authorizedKey);
        return this;
    }

    public FakePanel removeUser(String username) {
        state.users.remove(username);
        return this;
    }

    /** Makes the user the server's owner (permissions {@code ["*"]}). */
    public FakePanel setOwner(String serverUuid, String username) {
        serverOrThrow(serverUuid).owner = username;
        return this;
    }

    /** Makes the user a subuser with these permissions (SFTP needs {@code file.sftp}). */
    public FakePanel addSubuser(String serverUuid, String username, String... permissions) {
        serverOrThrow(serverUuid).subusers.put(username, List.of(permissions));
        return this;
    }

    // ---------------------------------------------------------------- activity

    /** The activity entries the Panel kept (valid, for this node's servers, events starting {@code server:}). */
    public List<JsonNode> activity() {
        return List.copyOf(state.activity);
    }

    // ---------------------------------------------------------------- failure injection

    /** The next {@code times} requests of any kind get {@code status} with a Panel error body. */
    public FakePanel failNext(int times, int status) {
        return failNext(r -> true, times, status);
    }

    /** The next {@code times} matching requests get {@code status} with the Panel's error body for it. */
    public FakePanel failNext(Predicate<RecordedRequest> which, int times, int status) {
        return failNext(which, times, status, PanelErrors.forStatus(status).toString());
    }

    /** As {@link #failNext(Predicate, int, int)} with a given body; null sends no body at all. */
    public FakePanel failNext(Predicate<RecordedRequest> which, int times, int status, String body) {
        faults.add(new Fault(which, new AtomicInteger(times), status, body, Duration.ZERO));
        return this;
    }

    /** Every matching request, from now on, gets {@code status} (until {@link #clearFaults()}). */
    public FakePanel failAlways(Predicate<RecordedRequest> which, int status) {
        return failNext(which, Integer.MAX_VALUE, status);
    }

    /** The next {@code times} matching requests are answered normally but only after {@code delay}. */
    public FakePanel delayNext(Predicate<RecordedRequest> which, int times, Duration delay) {
        faults.add(new Fault(which, new AtomicInteger(times), 0, null, delay));
        return this;
    }

    public FakePanel clearFaults() {
        faults.clear();
        return this;
    }

    /** Stops listening: connections to {@link #port()} are refused until {@link #comeUp()}. */
    public synchronized FakePanel goDown() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
        return this;
    }

    /** Listens again on the same port. */
    public synchronized FakePanel comeUp() {
        if (server == null) {
            try {
                serve(bind(port));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen again on port " + port, e);
            }
        }
        return this;
    }

    public synchronized boolean isUp() {
        return server != null;
    }

    // ---------------------------------------------------------------- inspection

    /** A predicate for requests with this method and path below /api/remote, e.g. {@code call("GET", "/servers")}. */
    public static Predicate<RecordedRequest> call(String method, String remotePath) {
        return r -> r.method().equals(method) && r.path().equals(API_PREFIX + remotePath);
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<RecordedRequest> requests(Predicate<RecordedRequest> which) {
        return requests().stream().filter(which).toList();
    }

    public FakePanel clearRequests() {
        requests.clear();
        return this;
    }

    /**
     * Waits until a matching request has been received and answered (Panel-side effects are visible
     * by then) and returns the first one. Fails with an {@link AssertionError} listing what did arrive.
     */
    public RecordedRequest awaitRequest(Predicate<RecordedRequest> which, Duration timeout) {
        return awaitRequests(which, 1, timeout).get(0);
    }

    /** Waits until at least {@code count} matching requests have been received; returns them all. */
    public List<RecordedRequest> awaitRequests(Predicate<RecordedRequest> which, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requestsChanged) {
            while (true) {
                List<RecordedRequest> matching = requests(which);
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "the fake Panel did not receive " + count + " matching request(s) within " + timeout
                                    + "; received: " + requests(),
                            new TimeoutException());
                }
                try {
                    requestsChanged.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for a request", e);
                }
            }
        }
    }

    @Override
    public void close() {
        goDown();
    }

    // ---------------------------------------------------------------- the HTTP side

    private HttpServer bind(int onPort) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort);
        if (tls == null) {
            return HttpServer.create(address, 64);
        }
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        return https;
    }

    private void serve(HttpServer bound) {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        bound.setExecutor(executor);
        bound.createContext("/", this::exchange);
        bound.start();
        server = bound;
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            RecordedRequest request = record(exchange);
            FakePanelReply reply;
            try {
                reply = answer(request, exchange.getRemoteAddress().getAddress().getHostAddress());
            } catch (RuntimeException bug) {
                reply = FakePanelReply.error("Exception", 500, PanelErrors.GENERIC_DETAIL);
            }
            // Record before answering so a caller that saw the answer also sees the request.
            synchronized (requestsChanged) {
                requests.add(request);
                requestsChanged.notifyAll();
            }
            send(exchange, reply, request.method().equals("HEAD"));
        }
    }

    private static RecordedRequest record(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        return new RecordedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                Collections.unmodifiableMap(headers),
                body,
                Instant.now());
    }

    private FakePanelReply answer(RecordedRequest request, String clientIp) {
        for (Fault fault : faults) {
            if (fault.which().test(request) && fault.take()) {
                if (fault.delay().isZero()) {
                    byte[] body = fault.body() == null ? null : fault.body().getBytes(StandardCharsets.UTF_8);
                    Map<String, String> headers =
                            fault.body() == null ? Map.of() : Map.of("Content-Type", "application/json");
                    return new FakePanelReply(fault.status(), headers, body);
                }
                try {
                    Thread.sleep(fault.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                break;
            }
        }
        String path = request.path();
        FakePanelReply page = pages.get(path);
        if (page != null && request.method().equals("GET")) {
            return page;
        }
        if (path.startsWith("/s3-relay/")) {
            return routes.s3Relay(request);
        }
        if (path.startsWith("/api/application/")) {
            return applicationApi(request);
        }
        if (path.startsWith(S3_PREFIX) && request.method().equals("PUT")) {
            return routes.s3PutPart(path, request.query(), request.body());
        }
        if (!path.equals(API_PREFIX) && !path.startsWith(API_PREFIX + "/")) {
            return FakePanelRoutes.routeNotFound(path.startsWith("/") ? path.substring(1) : path);
        }
        FakePanelReply denied = authenticate(request.header("Authorization"));
        if (denied != null) {
            return denied;
        }
        return routes.handle(
                request.method(), path.substring(API_PREFIX.length()), request.query(), request.body(), clientIp);
    }

    /** The one application API route a node uses: its configuration, for {@code configure}. */
    private FakePanelReply applicationApi(RecordedRequest request) {
        String key = applicationKey;
        if (key == null || !("Bearer " + key).equals(request.header("Authorization"))) {
            // An unknown key, or one without node read permission: the Panel's policy refusal.
            return FakePanelReply.error("AccessDeniedHttpException", 403, "This action is unauthorized.");
        }
        Matcher matcher =
                Pattern.compile("/api/application/nodes/(\\d+)/configuration").matcher(request.path());
        String json = matcher.matches() && request.method().equals("GET")
                ? nodeConfigurations.get(Long.parseLong(matcher.group(1)))
                : null;
        if (json == null) {
            return FakePanelReply.error(
                    "NotFoundHttpException", 404, "The requested resource could not be found on the server.");
        }
        return new FakePanelReply(
                200,
                new LinkedHashMap<>(Map.of("Content-Type", "application/json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** The Panel's DaemonAuthenticate middleware (spec A1, "Panel-side authentication of node calls"). */
    private FakePanelReply authenticate(String authorization) {
        String bearer = bearerToken(authorization);
        if (bearer == null) {
            return FakePanelReply.error(
                            "HttpException", 401, "Access to this endpoint must include an Authorization header.")
                    .withHeader("WWW-Authenticate", "Bearer");
        }
        String[] parts = bearer.split("\\.", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return FakePanelReply.error(
                    "BadRequestHttpException", 400, "The Authorization header provided was not in a valid format.");
        }
        boolean idMatches = parts[0].equals(state.nodeTokenId);
        boolean secretMatches = MessageDigest.isEqual(
                parts[1].getBytes(StandardCharsets.UTF_8), state.nodeToken.getBytes(StandardCharsets.UTF_8));
        if (!idMatches || !secretMatches) {
            return FakePanelReply.error(
                    "AccessDeniedHttpException", 403, "You are not authorized to access this resource.");
        }
        return null;
    }

    /** Laravel's Request::bearerToken(): the text after the last "Bearer " (case-insensitive), up to a comma. */
    private static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        int at = header.toLowerCase(Locale.ROOT).lastIndexOf("bearer ");
        if (at < 0) {
            return null;
        }
        String token = header.substring(at + 7);
        int comma = token.indexOf(',');
        return comma < 0 ? token : token.substring(0, comma);
    }

    private static void send(HttpExchange exchange, FakePanelReply reply, boolean head) throws IOException {
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (reply.body() == null || reply.status() == 204 || head) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    // ---------------------------------------------------------------- helpers

    private String putServer(ObjectNode config, boolean onThisNode) {
        Server server = new Server(config);
        server.onThisNode = onThisNode;
        // The local test image (no registry is reachable): an install runs and succeeds by default.
        server.installScript = JsonNodeFactory.instance
                .objectNode()
                .put("container_image", "pinion-test/game:latest")
                .put("entrypoint", "ash")
                .put("script", "#!/bin/ash\necho \"installed\"\n");
        state.servers.put(server.uuid(), server);
        return server.uuid();
    }

    private Server serverOrThrow(String uuid) {
        Server server = state.servers.get(uuid);
        if (server == null) {
            throw new IllegalArgumentException("the fake Panel has no server " + uuid);
        }
        return server;
    }

    private Backup backupOrThrow(String uuid) {
        Backup backup = state.backups.get(uuid);
        if (backup == null) {
            throw new IllegalArgumentException("the fake Panel has no backup " + uuid);
        }
        return backup;
    }

    private User userOrThrow(String username) {
        User user = state.users.get(username);
        if (user == null) {
            throw new IllegalArgumentException("the fake Panel has no user " + username);
        }
        return user;
    }

    private static String randomAlphanumeric(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder(length);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** An injected failure or delay for the next {@code remaining} matching requests. */
    private record Fault(
            Predicate<RecordedRequest> which, AtomicInteger remaining, int status, String body, Duration delay) {
        boolean take() {
            return remaining.getAndUpdate(n -> n > 0 ? (n == Integer.MAX_VALUE ? n : n - 1) : 0) > 0;
        }
    }
}
