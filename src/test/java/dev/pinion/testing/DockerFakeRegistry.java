package dev.pinion.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pinion.config.PemKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A Docker registry (the v2 API subset the engine uses to pull) serving one repository and tag,
 * built from {@code docker save} of a local image, on a loopback port the engine treats as an
 * insecure registry. Optionally demands HTTP Basic credentials, and records what the engine sent,
 * so a pull can be tested end to end with no registry on the internet.
 */
public final class DockerFakeRegistry implements AutoCloseable {
    private static final String MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";

    private final HttpServer server;
    private final String repository;
    private final String tag;
    private final Optional<String> expectedAuthorization;
    private final Map<String, byte[]> blobs = new HashMap<>();
    private final byte[] manifest;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    /**
     * @param saved       the output of {@code docker save} for one image
     * @param repository  the repository name served, e.g. "pinion-test/pulled"
     * @param credentials "user:password" the registry demands, or empty for none
     */
    public DockerFakeRegistry(InputStream saved, String repository, String tag, Optional<String> credentials)
            throws IOException {
        this.repository = repository;
        this.tag = tag;
        this.expectedAuthorization =
                credentials.map(c -> "Basic " + Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8)));
        this.manifest = buildManifest(readEntries(saved));
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(selfSignedContext()));
        this.server = https;
        server.createContext("/", this::handle);
        server.start();
    }

    /** "127.0.0.1:port", the registry part of image references. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every Authorization header the engine sent (empty string when it sent none). */
    public List<String> authorizations() {
        return authorizations;
    }

    // The engine tries HTTPS first, without verifying, on a loopback (insecure) registry; a plain
    // HTTP server would leave that handshake hanging until the engine's 10 s timeout.
    private static SSLContext selfSignedContext() throws IOException {
        try {
            SelfSignedCertificate certificate = SelfSignedCertificate.create("ec");
            char[] password = "pinion".toCharArray();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(PemKeyStore.load(certificate.certificate(), certificate.key(), password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the fake registry", e);
        }
    }

    private static Map<String, byte[]> readEntries(InputStream saved) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(saved)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    entries.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        return entries;
    }

    private byte[] buildManifest(Map<String, byte[]> entries) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode saved = mapper.readTree(entries.get("manifest.json")).get(0);
        ObjectNode manifestJson = mapper.createObjectNode();
        manifestJson.put("schemaVersion", 2);
        manifestJson.put("mediaType", MANIFEST_TYPE);
        byte[] config = entries.get(saved.get("Config").asText());
        manifestJson.set("config", descriptor(mapper, "application/vnd.docker.container.image.v1+json", config));
        ArrayNode layers = manifestJson.putArray("layers");
        for (JsonNode layer : saved.get("Layers")) {
            // Served uncompressed under the gzip type: the engine detects the compression itself,
            // and the uncompressed digest is what the image config's diff_ids expect.
            layers.add(descriptor(
                    mapper, "application/vnd.docker.image.rootfs.diff.tar.gzip", entries.get(layer.asText())));
        }
        return mapper.writeValueAsBytes(manifestJson);
    }

    private ObjectNode descriptor(ObjectMapper mapper, String mediaType, byte[] content) {
        String digest = digest(content);
        blobs.put(digest, content);
        ObjectNode node = mapper.createObjectNode();
        node.put("mediaType", mediaType);
        node.put("size", content.length);
        node.put("digest", digest);
        return node;
    }

    private static String digest(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            if (expectedAuthorization.isPresent()
                    && !expectedAuthorization.get().equals(authorization)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"pinion-test\"");
                send(
                        exchange,
                        401,
                        "application/json",
                        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String prefix = "/v2/" + repository + "/";
            if (path.equals("/v2/")) {
                send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals(prefix + "manifests/" + tag)
                    || path.equals(prefix + "manifests/" + digest(manifest))) {
                exchange.getResponseHeaders().set("Docker-Content-Digest", digest(manifest));
                send(exchange, 200, MANIFEST_TYPE, manifest);
            } else if (path.startsWith(prefix + "blobs/")
                    && blobs.containsKey(path.substring((prefix + "blobs/").length()))) {
                String digest = path.substring((prefix + "blobs/").length());
                exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
                send(exchange, 200, "application/octet-stream", blobs.get(digest));
            } else {
                send(
                        exchange,
                        404,
                        "application/json",
                        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
