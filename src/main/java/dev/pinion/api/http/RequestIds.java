package dev.pinion.api.http;

import jakarta.servlet.ServletRequest;

/** Where the request id lives for the rest of a request. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = "dev.pinion.requestId";
    public static final String MDC_KEY = "request_id";

    private RequestIds() {
    }

    public static String of(ServletRequest request) {
        Object id = request == null ? null : request.getAttribute(ATTRIBUTE);
        return id == null ? "" : id.toString();
    }
}
