package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The message envelope both ways (spec websocket-sftp-activity.md §1.4). */
class ConsoleMessageTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void outboundLeavesArgsOutWhenThereAreNone() {
        assertThat(ConsoleMessage.of("auth success").encode(mapper)).isEqualTo("{\"event\":\"auth success\"}");
        assertThat(ConsoleMessage.of("status", "running").encode(mapper))
                .isEqualTo("{\"event\":\"status\",\"args\":[\"running\"]}");
    }

    @Test
    void nullArgsAreEmptyStringsAndArgsAreJoinedWithNothing() {
        assertThat(ConsoleMessage.decode(mapper, "{\"event\":\"send logs\",\"args\":[null]}")
                        .orElseThrow()
                        .args())
                .containsExactly("");
        assertThat(ConsoleMessage.decode(mapper, "{\"event\":\"send command\",\"args\":[\"say\",\" hi\"]}")
                        .orElseThrow()
                        .joinedArgs())
                .isEqualTo("say hi");
    }

    @Test
    void whatGoCannotDecodeIsDropped() {
        for (String text : List.of(
                "nope",
                "[1]",
                "{\"event\":1}",
                "{\"event\":\"x\",\"args\":\"y\"}",
                "{\"event\":\"x\",\"args\":[{\"a\":1}]}",
                "{\"event\":\"x\",\"args\":[2]}")) {
            assertThat(ConsoleMessage.decode(mapper, text)).as(text).isEmpty();
        }
    }

    @Test
    void missingArgsAreNoArgs() {
        assertThat(ConsoleMessage.decode(mapper, "{\"event\":\"send stats\"}")
                        .orElseThrow()
                        .args())
                .isEmpty();
    }
}
