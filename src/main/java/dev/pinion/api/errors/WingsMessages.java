package dev.pinion.api.errors;

/** The exact error strings Wings sends (spelling mistakes included: the Panel shows them verbatim). */
public final class WingsMessages {
    public static final String UNPARSABLE =
            "The data passed in the request was not in a parsable format. Please try again.";
    public static final String MISSING_AUTH = "The required authorization heads were not present in the request.";
    public static final String FORBIDDEN = "You are not authorized to access this endpoint.";
    public static final String NOT_FOUND = "The requested resource does not exist on this instance.";
    public static final String VALIDATION = "The data provided in the request could not be validated.";
    public static final String UNEXPECTED = "An unexpected error was encountered while processing this request";
    public static final String SERVER_STOPPED = "Cannot send commands to a stopped server instance.";
    public static final String TIMEOUT = "The server could not process this request in time, please try again.";
    public static final String TOO_LARGE = "The request body is larger than this node accepts.";
    public static final String HEADERS_TOO_LARGE = "The request headers are larger than this node accepts.";

    /** The message for a refusal that carries only a status (Jersey's own, Jetty's). */
    public static String forStatus(int status) {
        return switch (status) {
            case 400, 415 -> UNPARSABLE;
            case 401 -> MISSING_AUTH;
            case 403 -> FORBIDDEN;
            case 404, 405 -> NOT_FOUND;
            case 413 -> TOO_LARGE;
            case 431 -> HEADERS_TOO_LARGE;
            case 422 -> VALIDATION;
            case 504 -> TIMEOUT;
            default -> UNEXPECTED;
        };
    }

    private WingsMessages() {}
}
