package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.config.DockerConfig;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.testing.DockerCli;
import dev.pinion.testing.DockerFakeRegistry;
import dev.pinion.testing.DockerTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real pulls from a registry on loopback (spec §2.4): progress lines, registry credentials chosen by
 * prefix reaching the registry, and a refused pull with no local copy failing.
 */
class DockerRegistryPullTest {
    private final DockerTestSupport docker = new DockerTestSupport();
    private final DockerRuntime runtime = docker.runtime();
    private DockerFakeRegistry registry;

    @AfterEach
    void cleanUp() throws Exception {
        if (registry != null) {
            registry.close();
        }
        docker.close();
    }

    private DockerFakeRegistry registry(String repository, Optional<String> credentials) throws IOException {
        try (InputStream saved =
                docker.client().saveImageCmd(DockerTestSupport.IMAGE).exec()) {
            registry = new DockerFakeRegistry(saved, repository, "v1", credentials);
        }
        return registry;
    }

    private static String repository() {
        return "pinion-test/pulled-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void pullStreamsStatusAndProgressLinesAndStoresTheImage() throws IOException {
        String repository = repository();
        DockerFakeRegistry served = registry(repository, Optional.empty());
        String image = docker.imageReference(served.address() + "/" + repository + ":v1");
        List<String> progress = new CopyOnWriteArrayList<>();

        runtime.pullImage(image, Map.of(), progress::add);

        // Each line is "status progress"; progress is empty on most status lines.
        assertThat(progress).contains("Pulling from " + repository + " ");
        assertThat(progress).anyMatch(line -> line.startsWith("Digest: sha256:"));
        assertThat(progress).contains("Status: Downloaded newer image for " + image + " ");
        assertThat(DockerCli.run("image", "inspect", "--format", "{{json .RepoTags}}", image))
                .contains(image);
    }

    @Test
    void credentialsOfTheRegistryWhoseKeyPrefixesTheImageReachTheRegistry() throws IOException {
        String repository = repository();
        DockerFakeRegistry served = registry(repository, Optional.of("alice:s3cret"));
        String image = docker.imageReference(served.address() + "/" + repository + ":v1");

        runtime.pullImage(
                image,
                Map.of(
                        "registry.invalid",
                        new DockerConfig.RegistryCredentials("mallory", "wrong"),
                        served.address(),
                        new DockerConfig.RegistryCredentials("alice", "s3cret")),
                line -> {});

        String expected =
                "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(served.authorizations()).contains(expected);
    }

    @Test
    void refusedPullWithoutALocalCopyFails() throws IOException {
        String repository = repository();
        DockerFakeRegistry served = registry(repository, Optional.of("alice:s3cret"));
        String image = docker.imageReference(served.address() + "/" + repository + ":v1");

        assertThatThrownBy(() -> runtime.pullImage(image, Map.of(), line -> {}))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("failed to pull \"" + image + "\" image for server");
        assertThat(served.authorizations())
                .doesNotContain(
                        "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
    }
}
