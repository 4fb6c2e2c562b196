package dev.pinion.api.errors;

import dev.pinion.api.http.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything unhandled: logged with its stack trace and the request id, answered with Wings' generic
 * 500 message and never the trace itself.
 */
@Provider
public final class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorMapper.class);

    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(Throwable e) {
        LOG.error("unexpected error handling {} {} (request id {})", request.getMethod(), request.getRequestURI(),
                RequestIds.of(request), e);
        return ErrorResponses.of(500, WingsMessages.UNEXPECTED, request);
    }
}
