package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.config.DockerConfig;
import dev.pinion.environment.EnvironmentException;
import dev.pinion.testing.DockerTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Image pulls with no registry reachable (spec §2.4 step 5): the offline fallback to a local image
 * whose RepoTags holds exactly the configured string, and a clear failure otherwise.
 */
class DockerPullTest {
    private final DockerTestSupport docker = new DockerTestSupport();
    private final DockerRuntime runtime = docker.runtime();

    @AfterEach
    void cleanUp() throws Exception {
        docker.close();
    }

    @Test
    void unreachableRegistryFallsBackToTheLocalImage() {
        List<String> progress = new CopyOnWriteArrayList<>();

        runtime.pullImage(DockerTestSupport.IMAGE, Map.of(), progress::add);

        assertThat(progress).isEmpty();
    }

    @Test
    void fallbackAlsoWorksWhenRegistryCredentialsMatch() {
        runtime.pullImage(
                DockerTestSupport.IMAGE,
                Map.of("pinion-test/", new DockerConfig.RegistryCredentials("user", "secret")),
                line -> {});
    }

    @Test
    void missingImageWithoutLocalCopyFailsClearly() {
        String image = "pinion-test/absent-" + UUID.randomUUID() + ":latest";

        assertThatThrownBy(() -> runtime.pullImage(image, Map.of(), line -> {}))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("failed to pull \"" + image + "\" image for server");
    }

    @Test
    void untaggedImageNeverMatchesTheLocalLatestTag() {
        // RepoTags carry ":latest"; Wings compares the configured string exactly.
        assertThatThrownBy(() -> runtime.pullImage("pinion-test/game", Map.of(), line -> {}))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("failed to pull \"pinion-test/game\" image for server");
    }
}
