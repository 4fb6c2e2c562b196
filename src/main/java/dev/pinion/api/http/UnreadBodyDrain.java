package dev.pinion.api.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request refused before its body was read (a write without Content-Length, an upload with a bad
 * token) still has that body on the wire. Closing the connection on it makes the kernel reset the
 * connection, which can destroy the refusal before the client reads it; leaving it open makes the
 * client send its next request after bytes the server will never parse. So, as Go's server (and so
 * Wings) does, up to 256 KiB of the unread body are read and discarded before answering; when more
 * remains, the answer says {@code Connection: close} so no client reuses the connection.
 */
@Provider
public final class UnreadBodyDrain implements ContainerResponseFilter {
    static final long DRAIN_LIMIT = 256 * 1024;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || !hasBody(request)) {
            return;
        }
        if (!drained(request)) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    /** True when the body ended within the limit (or was read already). */
    private static boolean drained(ContainerRequestContext request) {
        InputStream body;
        try {
            body = request.getEntityStream();
        } catch (IllegalStateException closed) {
            return true; // Jersey closes the stream once it has read the whole entity
        }
        if (body == null) {
            return true;
        }
        byte[] buffer = new byte[8192];
        long total = 0;
        try {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                total += n;
                if (total > DRAIN_LIMIT) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
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
