package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** fromImage/tag as the Docker client sends them for a pull (spec §2.4 step 4). */
class ImageReferenceTest {

    @Test
    void tagDefaultsToLatest() {
        assertThat(ImageReference.parse("ghcr.io/pterodactyl/yolks"))
                .isEqualTo(new ImageReference("ghcr.io/pterodactyl/yolks", "latest"));
    }

    @Test
    void explicitTagIsSplitOff() {
        assertThat(ImageReference.parse("ghcr.io/pterodactyl/yolks:java_17"))
                .isEqualTo(new ImageReference("ghcr.io/pterodactyl/yolks", "java_17"));
    }

    @Test
    void registryPortIsNotATag() {
        assertThat(ImageReference.parse("localhost:5000/game"))
                .isEqualTo(new ImageReference("localhost:5000/game", "latest"));
        assertThat(ImageReference.parse("localhost:5000/game:1.2"))
                .isEqualTo(new ImageReference("localhost:5000/game", "1.2"));
    }

    @Test
    void digestIsSentAsTheTagAndWinsOverATag() {
        String digest = "sha256:" + "a".repeat(64);
        assertThat(ImageReference.parse("quay.io/x/y@" + digest)).isEqualTo(new ImageReference("quay.io/x/y", digest));
        assertThat(ImageReference.parse("quay.io/x/y:1@" + digest))
                .isEqualTo(new ImageReference("quay.io/x/y", digest));
    }
}
