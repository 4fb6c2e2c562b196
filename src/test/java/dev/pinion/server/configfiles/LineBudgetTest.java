package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.server.configfiles.ConfigFileResult.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #10 item 9: the line-based parsers (file, ini, properties) refuse a file of more lines than the
 * node budget, beside the 64 MiB size cap, and leave it untouched; one line under the budget parses.
 */
class LineBudgetTest {
    @TempDir
    Path root;

    private static String lines(long count) {
        return "a=1\n".repeat((int) count);
    }

    private static String entry(String parser) {
        return "{ \"parser\": \"" + parser + "\", \"file\": \"big.cfg\", \"replace\": ["
                + " { \"match\": \"a\", \"replace_with\": \"a=2\" } ] }";
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "ini", "properties"})
    void fileAboveTheLineBudgetIsRefusedAndLeftUntouched(String parser) throws Exception {
        Volume volume = new Volume(root);
        String content = lines(ConfigFileStore.MAX_NODES + 1);
        volume.write("big.cfg", content);

        ConfigFileResult result = volume.applyOne(entry(parser));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.problem()).get().asString().contains("lines, above the budget");
        assertThat(volume.read("big.cfg")).isEqualTo(content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "ini", "properties"})
    void fileAtTheBudgetStillParses(String parser) throws Exception {
        Volume volume = new Volume(root);
        volume.write("big.cfg", lines(ConfigFileStore.MAX_NODES));

        ConfigFileResult result = volume.applyOne(entry(parser));

        assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
    }
}
