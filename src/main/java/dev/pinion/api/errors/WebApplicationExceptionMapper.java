package dev.pinion.api.errors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Jersey's own refusals (a body it cannot read, an unacceptable media type) in the Wings body,
 * keeping their status.
 */
@Provider
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return ErrorResponses.of(status, WingsMessages.forStatus(status), request);
    }
}
