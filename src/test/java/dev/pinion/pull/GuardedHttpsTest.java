package dev.pinion.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pinion.config.PemKeyStore;
import dev.pinion.testing.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS pulls through the guard (files-backups-transfers.md §3.2 "keeping the original Host and SNI"):
 * the socket goes to the checked address, yet the certificate is still verified against the URL's
 * host name, so connecting by address never weakens TLS.
 */
class GuardedHttpsTest {
    private static HttpsServer server;
    private static SSLSocketFactory trusting;

    @BeforeAll
    static void start() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("rsa");
        char[] password = "pull-test".toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(PemKeyStore.load(certificate.certificate(), certificate.key(), password), password);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            byte[] body = "over tls".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(certificate.trustStore());
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);
        trusting = clientTls.getSocketFactory();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static GuardedHttpGet client(SSLSocketFactory tls, GuardedHttpGet.Resolver resolver) {
        return new GuardedHttpGet(
                AddressPolicy.wingsExcept("127.0.0.1"), Duration.ofSeconds(5), Duration.ofSeconds(5), tls, resolver);
    }

    private static InetAddress[] loopback(String host) throws UnknownHostException {
        return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
    }

    @Test
    void aTrustedCertificateForTheHostIsAccepted() throws IOException {
        try (RemoteResponse response = client(trusting, GuardedHttpsTest::loopback)
                .get(URI.create("https://localhost:" + server.getAddress().getPort() + "/a.jar"))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(new String(response.body().readAllBytes())).isEqualTo("over tls");
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefusedThoughTheAddressIsAllowed() {
        assertThatThrownBy(() -> client(trusting, GuardedHttpsTest::loopback)
                        .get(URI.create("https://downloads.example.test:"
                                + server.getAddress().getPort() + "/a.jar")))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        assertThatThrownBy(() -> client((SSLSocketFactory) SSLSocketFactory.getDefault(), GuardedHttpsTest::loopback)
                        .get(URI.create(
                                "https://localhost:" + server.getAddress().getPort() + "/a.jar")))
                .isInstanceOf(SSLException.class);
    }
}
