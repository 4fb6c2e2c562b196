package dev.pinion.api.http;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.glassfish.jersey.internal.util.collection.Ref;

/**
 * A request refused before its body was read (a write beyond the disk quota, a write without
 * Content-Length, an upload with a bad token) still has that body on the wire. Closing the connection
 * on unread bytes makes the kernel reset it, and the reset can destroy the refusal before a client
 * that sends its whole body first (Java's HttpClient does) ever reads it: the client then sees a
 * connection error instead of Wings' message. Leaving the connection open without
 * reading makes the client send its next request after bytes the server will never parse.
 *
 * <p>So the unread body is read and discarded before answering, within a budget: {@link
 * #DRAIN_LIMIT} bytes (Go's server, and so Wings, stops at 256 KiB and then lingers half a second;
 * draining more keeps the refusal of an editor save beyond the quota readable; more than a few MiB
 * would let an endless upload refused for its size push that much more before it is cut off) and {@link
 * #DRAIN_TIME} in all, enforced on the connection's idle timeout so a body that dribbles in cannot
 * hold a request thread for longer. When the budget runs out the answer says {@code Connection:
 * close} so no client reuses the connection. The connection's idle
 * timeout is reached through Jetty's own request object, which Jersey's injected request only proxies,
 * so the filter asks Jersey for its reference to the real one.
 */
@Provider
public final class UnreadBodyDrain implements ContainerResponseFilter {
    static final long DRAIN_LIMIT = 4L * 1024 * 1024;
    static final Duration DRAIN_TIME = Duration.ofSeconds(2);

    @Context
    private jakarta.inject.Provider<Ref<HttpServletRequest>> servletRequest;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || !hasBody(request)) {
            return;
        }
        if (!drained(request)) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    /** True when the body ended within the budget (or was read already). */
    private boolean drained(ContainerRequestContext request) {
        InputStream body;
        try {
            body = request.getEntityStream();
        } catch (IllegalStateException closed) {
            return true; // Jersey closes the stream once it has read the whole entity
        }
        if (body == null) {
            return true;
        }
        EndPoint endPoint = endPoint();
        long idleTimeout = endPoint == null ? 0 : endPoint.getIdleTimeout();
        long deadline = System.nanoTime() + DRAIN_TIME.toNanos();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (endPoint != null) {
                    // a blocking read gives up when no byte arrives within what is left of the budget
                    endPoint.setIdleTimeout(Math.max(1, Duration.ofNanos(left).toMillis()));
                }
                int n = body.read(buffer);
                if (n < 0) {
                    if (endPoint != null) {
                        endPoint.setIdleTimeout(idleTimeout);
                    }
                    return true;
                }
                total += n;
                if (total > DRAIN_LIMIT) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Jetty's connection under this request, or null outside Jetty. */
    private EndPoint endPoint() {
        ServletRequest real =
                servletRequest == null ? null : servletRequest.get().get();
        if (real == null) {
            return null;
        }
        try {
            return ServletContextRequest.getServletContextRequest(real)
                    .getConnectionMetaData()
                    .getConnection()
                    .getEndPoint();
        } catch (IllegalStateException notJetty) {
            return null;
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }
}
