package dev.pinion.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A real S3-compatible server for tests: S3Proxy ({@code target/s3proxy/s3proxy.jar}, copied there by
 * Maven) run as a child process with its filesystem store in a temporary directory, plus the AWS SDK
 * calls the Panel makes against it (CreateMultipartUpload, presigned UploadPart and GetObject URLs,
 * Complete/AbortMultipartUpload), with path-style addressing and SigV4 as the Panel's S3 adapter uses.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String BUCKET = "pterodactyl-backups";
    private static final String IDENTITY = "pinion-test-identity";
    private static final String CREDENTIAL = "pinion-test-credential-0123456789";

    private final Process process;
    private final URI endpoint;
    private final Path store;
    private final S3Client client;
    private final S3Presigner presigner;

    private S3Proxy(Process process, URI endpoint, Path store) {
        this.process = process;
        this.endpoint = endpoint;
        this.store = store;
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL));
        S3Configuration pathStyle =
                S3Configuration.builder().pathStyleAccessEnabled(true).build();
        this.client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        this.presigner = S3Presigner.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .serviceConfiguration(pathStyle)
                .build();
    }

    /** Starts S3Proxy on a free loopback port and creates {@link #BUCKET}. */
    public static S3Proxy start() {
        Path jar = Path.of("target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: run the tests through Maven (process-test-resources copies it)");
        }
        try {
            Path store = Files.createTempDirectory("pinion-s3-");
            int port = freePort();
            Path properties = store.resolve("s3proxy.conf");
            Files.createDirectories(store.resolve("data"));
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=http://127.0.0.1:" + port,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + IDENTITY,
                            "s3proxy.credential=" + CREDENTIAL,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + store.resolve("data"),
                            ""));
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-jar",
                            jar.toAbsolutePath().toString(),
                            "--properties",
                            properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(store.resolve("s3proxy.log").toFile())
                    .start();
            S3Proxy proxy = new S3Proxy(process, URI.create("http://127.0.0.1:" + port), store);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "S3Proxy exited: " + Files.readString(store.resolve("s3proxy.log")));
                        }
                        return accepts(port);
                    });
            proxy.client.createBucket(b -> b.bucket(BUCKET));
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy", e);
        }
    }

    /** Where S3 listens, e.g. {@code http://127.0.0.1:40123}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The Panel's CreateMultipartUpload (ContentType application/x-gzip); returns the upload id. */
    public String createMultipartUpload(String key) {
        return client.createMultipartUpload(b -> b.bucket(BUCKET).key(key).contentType("application/x-gzip"))
                .uploadId();
    }

    /** A presigned UploadPart URL valid for an hour, as the Panel hands them out. */
    public String presignUploadPart(String key, String uploadId, int partNumber) {
        return presigner
                .presignUploadPart(b -> b.signatureDuration(Duration.ofMinutes(60))
                        .uploadPartRequest(r ->
                                r.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(partNumber)))
                .url()
                .toString();
    }

    /** A presigned GetObject URL valid for 5 minutes (the Panel's restore link). */
    public String presignGet(String key) {
        return presigner
                .presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(r -> r.bucket(BUCKET).key(key)))
                .url()
                .toString();
    }

    /** CompleteMultipartUpload with the given parts, or with every part S3 lists when {@code parts} is null. */
    public void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        List<CompletedPart> using = parts != null
                ? parts
                : client.listParts(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)).parts().stream()
                        .map(p -> CompletedPart.builder()
                                .partNumber(p.partNumber())
                                .eTag(p.eTag())
                                .build())
                        .toList();
        client.completeMultipartUpload(
                b -> b.bucket(BUCKET).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(using)));
    }

    public void abortMultipartUpload(String key, String uploadId) {
        client.abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId));
    }

    /** The parts uploaded so far to an unfinished upload. */
    public List<Part> listParts(String key, String uploadId) {
        return client.listParts(b -> b.bucket(BUCKET).key(key).uploadId(uploadId))
                .parts();
    }

    /** The stored object, if the upload was completed. */
    public Optional<byte[]> object(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes =
                    client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        client.close();
        presigner.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var paths = Files.walk(store)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
