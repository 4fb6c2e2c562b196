package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.config.SystemConfig;
import org.junit.jupiter.api.Test;

/** Issue #10 item 10: error text shown in the console carries no host path of the node. */
class HostPathsTest {
    private static final SystemConfig SYSTEM = SystemConfig.defaults();
    private static final String UUID = "8e6ba3b1-6c8a-4b57-9f1e-4f1f0c2e7a10";

    @Test
    void theServersRootReadsAsTheContainersHome() {
        String message = "open " + SYSTEM.data() + "/" + UUID + "/server.properties: permission denied";
        assertThat(HostPaths.scrub(message, SYSTEM, UUID))
                .isEqualTo("open /home/container/server.properties: permission denied");
    }

    @Test
    void everyOtherNodeDirectoryIsHidden() {
        String message = "mount source " + SYSTEM.tmpDirectory() + "/x and " + SYSTEM.data() + "/other-uuid and "
                + SYSTEM.backupDirectory() + "/b.tar.gz and " + SYSTEM.rootDirectory() + "/states.json";
        String scrubbed = HostPaths.scrub(message, SYSTEM, UUID);
        assertThat(scrubbed)
                .doesNotContain(SYSTEM.tmpDirectory())
                .doesNotContain(SYSTEM.data())
                .doesNotContain(SYSTEM.backupDirectory())
                .doesNotContain(SYSTEM.rootDirectory())
                .contains("[node path]/x", "[node path]/other-uuid", "[node path]/b.tar.gz", "[node path]/states.json");
    }

    @Test
    void textWithoutPathsIsUnchanged() {
        assertThat(HostPaths.scrub("server is running", SYSTEM, UUID)).isEqualTo("server is running");
        assertThat(HostPaths.scrub(null, SYSTEM, UUID)).isNull();
    }
}
