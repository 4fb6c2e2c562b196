package dev.pinion.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request body that is not JSON of the expected shape: 400 with Wings' "not parsable" message —
 * unless reading it stopped on one of our own refusals (a body over the size limit), which Jackson
 * wraps; that refusal is answered as itself.
 */
@Provider
public final class JsonBodyMapper implements ExceptionMapper<JsonProcessingException> {
    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(JsonProcessingException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException refusal) {
                return ErrorResponses.of(refusal.status(), refusal.getMessage(), request);
            }
        }
        return ErrorResponses.of(400, WingsMessages.UNPARSABLE, request);
    }
}
