package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Past output is split as Wings' line scanner splits it (spec §2.6). */
class LogLinesTest {

    @Test
    void splitsOnNewlineAndRemovesTrailingCarriageReturn() {
        assertThat(DockerLogs.splitLogLines("one\r\ntwo\r\nthree\n")).containsExactly("one", "two", "three");
    }

    @Test
    void keepsEmptyLinesInsideButNoEmptyLastLine() {
        assertThat(DockerLogs.splitLogLines("a\r\n\r\nb\r\n")).containsExactly("a", "", "b");
    }

    @Test
    void keepsAnUnterminatedLastLine() {
        assertThat(DockerLogs.splitLogLines("a\nb")).containsExactly("a", "b");
        assertThat(DockerLogs.splitLogLines("")).isEmpty();
    }
}
