package dev.pinion.api.errors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * A request refused before its body was read (a write without Content-Length, an upload with a bad
 * token) leaves that body on the connection, and Jetty closes the connection after the response.
 * Saying so in the response ({@code Connection: close}) keeps clients from sending their next
 * request down a connection that is about to close — they would see it fail with no answer at all.
 */
@Provider
public final class CloseAfterRefusedBody implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && hasBody(request)) {
            response.getHeaders().putSingle("Connection", "close");
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
