package dev.pinion.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.config.NodeConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Allow-Origin rule of panel-to-wings-api.md §1.5: exact match, first '*' or equal entry wins. */
class CorsOriginRuleTest {
    private static String allowed(String remote, List<String> allowedOrigins, String origin) {
        NodeConfig node = new NodeConfig(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                remote,
                null,
                null,
                allowedOrigins,
                null,
                null,
                null);
        return CorsFilter.allowedOrigin(node, origin);
    }

    @Test
    void wildcardEntryAllowsAnyOriginLiterally() {
        assertThat(allowed("https://panel", List.of("*"), "https://anything")).isEqualTo("*");
    }

    @Test
    void originMatchingThePanelGetsThePanel() {
        assertThat(allowed("https://panel", List.of("*"), "https://panel")).isEqualTo("https://panel");
    }

    @Test
    void comparisonIsExactSoATrailingSlashDoesNotMatch() {
        assertThat(allowed("https://panel", List.of("https://other"), "https://other/"))
                .isEqualTo("https://panel");
    }

    @Test
    void noOriginGetsThePanel() {
        assertThat(allowed("https://panel", List.of("https://other"), null)).isEqualTo("https://panel");
    }
}
