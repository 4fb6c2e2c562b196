package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.PinionConfiguration;
import dev.pinion.testing.Http;
import dev.pinion.testing.PinionApp;
import dev.pinion.testing.TestNode;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The resolved client address reaches resources as the request's remote address. Spec: panel-to-wings-api.md §1.7. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TrustedProxyEndToEndTest {
    static final DropwizardAppExtension<PinionConfiguration> APP = PinionApp.of(TestNode.create("""
            api:
              host: 127.0.0.1
              port: 0
              trusted_proxies: [127.0.0.1/32]
            """))
            .addListener(new DropwizardAppExtension.ServiceListener<>() {
                @Override
                public void onRun(
                        PinionConfiguration configuration,
                        Environment environment,
                        DropwizardAppExtension<PinionConfiguration> rule) {
                    environment.jersey().register(new ErrorProbeResource());
                }
            });

    @Test
    void forwardedForFromATrustedPeerBecomesTheClientAddress() {
        Http http = new Http(APP.getLocalPort());
        var response = http.send(http.authorized("/api/test-probe/client")
                .header("X-Forwarded-For", "198.51.100.77")
                .GET());
        assertThat(Http.json(response).path("address").asText()).isEqualTo("198.51.100.77");
        assertThat(Http.json(http.get("/api/test-probe/client")).path("address").asText())
                .isEqualTo("127.0.0.1");
    }
}
