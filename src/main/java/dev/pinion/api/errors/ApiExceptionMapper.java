package dev.pinion.api.errors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Sends an {@link ApiException} as the Wings error body. */
@Provider
public final class ApiExceptionMapper implements ExceptionMapper<ApiException> {
    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(ApiException e) {
        Response response = ErrorResponses.of(e.status(), e.getMessage(), request);
        if (e.status() == 401) {
            response.getHeaders().putSingle("WWW-Authenticate", "Bearer");
        }
        return response;
    }
}
