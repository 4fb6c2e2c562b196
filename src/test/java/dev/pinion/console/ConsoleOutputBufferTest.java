package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.eclipse.jetty.ee10.websocket.jakarta.client.JakartaWebSocketClientContainer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketContainer;
import org.eclipse.jetty.websocket.core.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The console's 64 KiB output buffer is set through Jetty's protected default customizer, the Jakarta
 * container having no setter (bench/README-console-fanout.md has what it saves). A Jetty upgrade that
 * renames the field would silently leave 4 KiB: this fails instead.
 */
class ConsoleOutputBufferTest {
    @Test
    void theContainersSessionsGetTheWiderOutputBuffer() throws ReflectiveOperationException {
        // The client container shares the server's base class and its default customizer.
        JakartaWebSocketClientContainer container = new JakartaWebSocketClientContainer();
        Field field = JakartaWebSocketContainer.class.getDeclaredField("defaultCustomizer");
        field.setAccessible(true);
        Configuration.ConfigurationCustomizer customizer = (Configuration.ConfigurationCustomizer) field.get(container);
        int before = customizer.getOutputBufferSize();

        ConsoleWebSocket.widenOutputBuffer(container);

        assertThat(before).isLessThan(ConsoleWebSocket.OUTPUT_BUFFER_BYTES);
        assertThat(customizer.getOutputBufferSize()).isEqualTo(ConsoleWebSocket.OUTPUT_BUFFER_BYTES);
    }
}
