package dev.pinion.config;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.request.logging.old.LogbackClassicRequestLogFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the HTTP request log goes when the configuration does not say: {@code <system.log_directory>/access.log},
 * rotated daily and kept a week, through an asynchronous appender that drops lines rather than make a request
 * wait. Dropwizard's default is the console, which under the Panel's constant polling put a blocking write to
 * journald on every request's path. A {@code server.requestLog} section naming anything but the lone default
 * console appender is left as written.
 *
 * <p>The lines are Jetty's extended NCSA format, written by Dropwizard's "classic" request log (Jetty's
 * {@code CustomRequestLog} handing one formatted line to a logback logger) rather than the logback-access
 * default: logback-access copies every request and response header, attribute and cookie into an event for
 * the asynchronous appender, which was a tenth of the CPU of the Panel's most frequent call (issue #15).
 */
public final class RequestLogLayout {
    static final String FILE = "access.log";
    // Lines buffered before the appender starts dropping them (the Panel polls every server every few seconds).
    private static final int QUEUE = 8192;

    private RequestLogLayout() {}

    public static void apply(SystemConfig system, ServerFactory serverFactory) {
        if (!(serverFactory instanceof AbstractServerFactory factory)
                || !(factory.getRequestLogFactory() instanceof LogbackAccessRequestLogFactory requestLog)) {
            return;
        }
        List<AppenderFactory<IAccessEvent>> appenders = requestLog.getAppenders();
        if (appenders.size() != 1 || appenders.getFirst().getClass() != ConsoleAppenderFactory.class) {
            return;
        }
        FileAppenderFactory<ILoggingEvent> file = new FileAppenderFactory<>();
        file.setCurrentLogFilename(Path.of(system.logDirectory(), FILE).toString());
        file.setArchivedLogFilenamePattern(
                Path.of(system.logDirectory(), "access-%d.log.gz").toString());
        file.setArchivedFileCount(7);
        file.setQueueSize(QUEUE);
        file.setNeverBlock(true);
        LogbackClassicRequestLogFactory classic = new LogbackClassicRequestLogFactory();
        classic.setAppenders(List.of(file));
        factory.setRequestLogFactory(classic);
    }
}
