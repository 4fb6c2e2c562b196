package dev.pinion.api.errors;

import jakarta.ws.rs.core.Response;

/** An error a resource answers with: a status and one of Wings' messages. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException notFound() {
        return new ApiException(404, WingsMessages.NOT_FOUND);
    }

    public static ApiException unparsable() {
        return new ApiException(400, WingsMessages.UNPARSABLE);
    }

    public static ApiException validation() {
        return new ApiException(422, WingsMessages.VALIDATION);
    }

    public static ApiException unexpected() {
        return new ApiException(500, WingsMessages.UNEXPECTED);
    }

    public static ApiException timeout() {
        return new ApiException(Response.Status.GATEWAY_TIMEOUT.getStatusCode(), WingsMessages.TIMEOUT);
    }

    /** The Panel turns this 502 into "Server must be online in order to send commands." */
    public static ApiException serverStopped() {
        return new ApiException(Response.Status.BAD_GATEWAY.getStatusCode(), WingsMessages.SERVER_STOPPED);
    }
}
