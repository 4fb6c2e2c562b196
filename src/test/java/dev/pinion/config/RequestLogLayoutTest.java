package dev.pinion.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.request.logging.old.LogbackClassicRequestLogFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request log's default place: a file in system.log_directory, never blocking a request. */
class RequestLogLayoutTest {
    private static SystemConfig system() {
        return NodeConfig.defaults().system();
    }

    private static List<AppenderFactory<IAccessEvent>> appenders(DefaultServerFactory factory) {
        return ((LogbackAccessRequestLogFactory) factory.getRequestLogFactory()).getAppenders();
    }

    private static List<AppenderFactory<ILoggingEvent>> classicAppenders(DefaultServerFactory factory) {
        assertThat(factory.getRequestLogFactory()).isInstanceOf(LogbackClassicRequestLogFactory.class);
        return ((LogbackClassicRequestLogFactory) factory.getRequestLogFactory()).getAppenders();
    }

    @Test
    void dropwizardsConsoleDefaultBecomesAnAccessLogInTheLogDirectory() {
        DefaultServerFactory factory = new DefaultServerFactory();

        RequestLogLayout.apply(system(), factory);

        // Jetty's one formatted line per request, not logback-access's copy of every header (issue #15)
        assertThat(classicAppenders(factory))
                .singleElement()
                .isInstanceOfSatisfying(FileAppenderFactory.class, file -> {
                    assertThat(file.getCurrentLogFilename()).isEqualTo(system().logDirectory() + "/access.log");
                    assertThat(file.getArchivedLogFilenamePattern())
                            .isEqualTo(system().logDirectory() + "/access-%d.log.gz");
                    assertThat(file.getArchivedFileCount()).isEqualTo(7);
                    assertThat(file.getQueueSize()).isEqualTo(8192);
                });
    }

    @Test
    void anOperatorsOwnRequestLogIsLeftAsWritten() {
        DefaultServerFactory factory = new DefaultServerFactory();
        FileAppenderFactory<IAccessEvent> own = new FileAppenderFactory<>();
        own.setCurrentLogFilename("/srv/logs/requests.log");
        ((LogbackAccessRequestLogFactory) factory.getRequestLogFactory()).setAppenders(List.of(own));

        RequestLogLayout.apply(system(), factory);

        assertThat(appenders(factory)).containsExactly(own);
    }
}
