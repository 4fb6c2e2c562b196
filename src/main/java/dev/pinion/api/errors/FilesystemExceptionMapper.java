package dev.pinion.api.errors;

import dev.pinion.api.http.RequestIds;
import dev.pinion.filesystem.FilesystemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a {@link FilesystemException} as the Wings error body with its kind's status and message
 * (spec panel-to-wings-api.md §1.8); the path and detail go to the log only, never to the client.
 */
@Provider
public final class FilesystemExceptionMapper implements ExceptionMapper<FilesystemException> {
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemExceptionMapper.class);

    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(FilesystemException e) {
        int status = e.kind().httpStatus();
        if (status >= 500) {
            LOG.error(
                    "filesystem error on {} {} (request id {})",
                    request.getMethod(),
                    request.getRequestURI(),
                    RequestIds.of(request),
                    e);
        } else {
            LOG.debug("filesystem refusal on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        }
        return ErrorResponses.of(status, e.kind().message(), request);
    }
}
