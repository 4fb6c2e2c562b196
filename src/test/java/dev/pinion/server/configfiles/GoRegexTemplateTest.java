package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Go's replacement template rules, which if_value regexes are written for (§4.6). */
class GoRegexTemplateTest {
    private static final Pattern HOST = Pattern.compile("^(?<host>127\\.0\\.0\\.1|localhost)(:\\d{1,5})?$");

    @Test
    void numberedAndNamedGroupsExpand() {
        assertThat(GoRegexTemplate.replaceAll(HOST, "localhost:25565", "ip$2 ${1} $host ${host}"))
                .isEqualTo("ip:25565 localhost localhost localhost");
    }

    @Test
    void aNameRunsAsFarAsLettersDigitsAndUnderscoresGoAsInGo() {
        // In Go "$2x" is the group named "2x" (empty), not group 2 followed by x.
        assertThat(GoRegexTemplate.replaceAll(HOST, "localhost:1", "[$2x]")).isEqualTo("[]");
    }

    @Test
    void dollarDollarIsALiteralDollarAndUnknownGroupsAreEmpty() {
        assertThat(GoRegexTemplate.replaceAll(HOST, "localhost:1", "$$1 $9 ${nope}|"))
                .isEqualTo("$1  |");
    }
}
