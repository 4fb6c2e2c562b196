package dev.pinion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.PinionConfiguration;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.SelfSignedCertificate;
import dev.pinion.testing.TestNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With api.ssl.enabled the API is served over HTTPS with the configured PEM certificate and key. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpsListenerTest {
    private static final SelfSignedCertificate PEM = SelfSignedCertificate.create("rsa");
    static final DropwizardAppExtension<PinionConfiguration> APP =
            PinionApp.of(TestNode.create("""
            api:
              host: 127.0.0.1
              port: 0
              ssl:
                enabled: true
                cert: %s
                key: %s
            """.formatted(PEM.certificate(), PEM.key())));

    private HttpClient client(String protocol) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(PEM.trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(context)
                .sslParameters(new SSLParameters(null, new String[] {protocol}))
                .build();
    }

    private HttpResponse<String> getSystem(HttpClient client) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + APP.getLocalPort() + "/api/system"))
                        .header("Authorization", "Bearer " + TestNode.TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiAnswersOverTls13And12WithTheConfiguredCertificate() throws Exception {
        assertThat(getSystem(client("TLSv1.3")).statusCode()).isEqualTo(200);
        assertThat(getSystem(client("TLSv1.2")).statusCode()).isEqualTo(200);
    }

    @Test
    void tls11IsRefused() {
        assertThatThrownBy(() -> getSystem(client("TLSv1.1")))
                .isInstanceOfAny(SSLHandshakeException.class, IOException.class);
    }
}
