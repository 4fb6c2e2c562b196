package dev.pinion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.testing.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS keys from PEM files as certbot writes them (api.ssl.cert / api.ssl.key, spec B2). */
class PemKeyStoreTest {
    @ParameterizedTest
    @ValueSource(strings = {"rsa", "rsa-pkcs1", "ec"})
    void loadsTheKeyAndCertificateChain(String keyType) throws Exception {
        SelfSignedCertificate pem = SelfSignedCertificate.create(keyType);
        KeyStore store = PemKeyStore.load(pem.certificate(), pem.key(), "pw".toCharArray());

        assertThat(store.isKeyEntry("pinion")).isTrue();
        assertThat(store.getKey("pinion", "pw".toCharArray()).getAlgorithm())
                .isEqualTo(keyType.startsWith("rsa") ? "RSA" : "EC");
        assertThat(((X509Certificate) store.getCertificateChain("pinion")[0])
                        .getSubjectX500Principal()
                        .getName())
                .isEqualTo("CN=localhost");
    }

    @Test
    void aFileWithoutAKeyIsAClearError() throws Exception {
        SelfSignedCertificate pem = SelfSignedCertificate.create("rsa");
        Path notAKey = Files.createTempFile("not-a-key", ".pem");
        Files.writeString(notAKey, "hello");
        assertThatThrownBy(() -> PemKeyStore.load(pem.certificate(), notAKey, "pw".toCharArray()))
                .hasMessageContaining("holds no PKCS#8");
    }
}
