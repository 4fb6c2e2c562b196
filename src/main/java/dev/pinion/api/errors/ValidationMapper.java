package dev.pinion.api.errors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body that failed its constraints: 422 with Wings' validation message. */
@Provider
public final class ValidationMapper implements ExceptionMapper<ConstraintViolationException> {
    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        return ErrorResponses.of(422, WingsMessages.VALIDATION, request);
    }
}
