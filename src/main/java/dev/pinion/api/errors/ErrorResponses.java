package dev.pinion.api.errors;

import dev.pinion.api.http.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds Wings error responses carrying the request's id. */
public final class ErrorResponses {
    private ErrorResponses() {}

    public static Response of(int status, String message, HttpServletRequest request) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"))
                .entity(new WingsError(message, RequestIds.of(request)))
                .build();
    }
}
