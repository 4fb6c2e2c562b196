package dev.pinion.metrics;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs, once, how long the process took from JVM start to its first served request. */
public final class ColdStartProbe implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ColdStartProbe.class);

    private final AtomicBoolean reported = new AtomicBoolean();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (!reported.get() && reported.compareAndSet(false, true)) {
                long sinceStart = System.currentTimeMillis()
                        - ManagementFactory.getRuntimeMXBean().getStartTime();
                LOG.info("cold start: first request served {} ms after the JVM started", sinceStart);
            }
        }
    }
}
