package dev.pinion.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stdin side of an attachment: writes from any thread, end-of-file on close, bounded backlog. */
class StdinPipeTest {

    @Test
    void bytesSentArriveInOrderThenEndOfFileAfterClose() throws IOException {
        StdinPipe pipe = new StdinPipe(8);
        pipe.send("say hi\n".getBytes(StandardCharsets.UTF_8));
        pipe.send("stop\n".getBytes(StandardCharsets.UTF_8));
        byte[] buffer = new byte[64];
        StringBuilder read = new StringBuilder();
        read.append(new String(buffer, 0, pipe.read(buffer, 0, 64), StandardCharsets.UTF_8));
        read.append(new String(buffer, 0, pipe.read(buffer, 0, 64), StandardCharsets.UTF_8));
        assertThat(read).hasToString("say hi\nstop\n");
        pipe.close();
        assertThat(pipe.read(buffer, 0, 64)).isEqualTo(-1);
        assertThat(pipe.read(buffer, 0, 64)).isEqualTo(-1);
    }

    @Test
    void sendAfterCloseFailsWithNotAttached() {
        StdinPipe pipe = new StdinPipe(8);
        pipe.close();
        assertThatThrownBy(() -> pipe.send(new byte[] {'x'}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not attached");
    }

    @Test
    void sendFailsInsteadOfQueueingWithoutBound() throws IOException {
        StdinPipe pipe = new StdinPipe(2);
        pipe.send(new byte[] {'a'});
        pipe.send(new byte[] {'b'});
        assertThatThrownBy(() -> pipe.send(new byte[] {'c'})).isInstanceOf(IOException.class);
    }
}
