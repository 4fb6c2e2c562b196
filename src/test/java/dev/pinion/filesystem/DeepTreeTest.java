package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trees nested deeper than {@link TreeWalk#MAX_DEPTH}: every walk must still see every file (no quota
 * bypass by hiding data deep down) without recursing or holding descriptors without bound.
 */
@ExtendWith(ServerFixtureExtension.class)
class DeepTreeTest {
    private static final int LEVELS = 3 * TreeWalk.MAX_DEPTH + 17;

    ServerFixture fx;
    ServerFilesystem fs;
    String deepest;

    @BeforeEach
    void setUp(ServerFixture fixture) throws Exception {
        fx = fixture;
        StringBuilder path = new StringBuilder("deep");
        for (int i = 1; i < LEVELS; i++) {
            path.append("/d");
            if (i == TreeWalk.MAX_DEPTH + 1) {
                Files.createDirectories(fx.root.resolve(path.toString()));
                Files.writeString(fx.root.resolve(path + "/middle.txt"), "mid");
            }
        }
        deepest = path + "/bottom.txt";
        Files.createDirectories(fx.root.resolve(path.toString()));
        Files.writeString(fx.root.resolve(deepest), "bottom!");
        fx.file("top.txt", "t");
        fs = fx.filesystem();
    }

    @Test
    void usageCountsFilesAtEveryDepth() {
        assertThat(fs.diskUsage().refresh()).isEqualTo(1 + 3 + 7);
    }

    @Test
    void compressIncludesFilesAtEveryDepth() throws Exception {
        FileStat stat = fs.compress("/", List.of("deep", "top.txt"));
        assertThat(ArchiveTest.readTarGz(fx.root.resolve(stat.name())))
                .containsEntry(deepest, "bottom!")
                .containsEntry("top.txt", "t")
                .hasSize(3);
    }

    @Test
    void deleteRemovesTheWholeTreeAndLeavesNoParkedDirectories() throws Exception {
        fs.diskUsage().refresh();
        fs.delete("/", List.of("deep"));
        assertThat(fx.rootEntries()).containsExactly("top.txt");
        assertThat(fs.diskUsage().cachedUsage()).isEqualTo(1);
    }

    @Test
    void chownAllReachesTheBottom() throws Exception {
        Assumptions.assumeTrue(Ownership.runningAsRoot(), "needs root to chown");
        fx.filesystem(Ownership.ifRoot(3456, 3457)).chownAll();
        assertThat(Files.getAttribute(fx.root.resolve(deepest), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(3456);
    }
}
