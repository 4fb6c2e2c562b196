package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.config.DockerConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** X-Registry-Auth chosen by key prefix and encoded as Wings encodes it (spec §2.4 step 3). */
class RegistryAuthTest {

    @Test
    void firstRegistryWhoseKeyIsAPrefixOfTheImageIsUsed() {
        Map<String, DockerConfig.RegistryCredentials> registries = new LinkedHashMap<>();
        registries.put("registry.example.com/other", new DockerConfig.RegistryCredentials("no", "no"));
        registries.put("ghcr.io", new DockerConfig.RegistryCredentials("alice", "s3cret"));
        String header = RegistryAuth.headerFor("ghcr.io/pterodactyl/yolks:java_17", registries)
                .orElseThrow();
        assertThat(decode(header)).isEqualTo("{\"username\":\"alice\",\"password\":\"s3cret\"}");
    }

    @Test
    void noMatchingKeyMeansNoHeader() {
        Map<String, DockerConfig.RegistryCredentials> registries =
                Map.of("ghcr.io", new DockerConfig.RegistryCredentials("alice", "s3cret"));
        assertThat(RegistryAuth.headerFor("quay.io/parkervcp/pterodactyl-images", registries))
                .isEmpty();
    }

    @Test
    void matchIsAPlainStringPrefixNotARegistryDomain() {
        // "ghcr.io" is a prefix of "ghcr.io.evil.example/x" too: Wings matches strings, not hosts.
        Map<String, DockerConfig.RegistryCredentials> registries =
                Map.of("ghcr.io", new DockerConfig.RegistryCredentials("alice", "s3cret"));
        assertThat(RegistryAuth.headerFor("ghcr.io.evil.example/x", registries)).isPresent();
    }

    @Test
    void headerIsUrlSafeBase64WithPadding() {
        String header = RegistryAuth.encode(new DockerConfig.RegistryCredentials("u?>", "p~~"));
        assertThat(header).doesNotContain("+", "/").endsWith("=");
        assertThat(decode(header)).isEqualTo("{\"username\":\"u?\\u003e\",\"password\":\"p~~\"}");
    }

    @Test
    void emptyFieldsAreLeftOutAsGoOmitemptyDoes() {
        assertThat(decode(RegistryAuth.encode(new DockerConfig.RegistryCredentials("", "token"))))
                .isEqualTo("{\"password\":\"token\"}");
        assertThat(decode(RegistryAuth.encode(new DockerConfig.RegistryCredentials("", ""))))
                .isEqualTo("{}");
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(decode(RegistryAuth.encode(new DockerConfig.RegistryCredentials("a\"b", "c\\d"))))
                .isEqualTo("{\"username\":\"a\\\"b\",\"password\":\"c\\\\d\"}");
    }

    private static String decode(String header) {
        return new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
    }
}
