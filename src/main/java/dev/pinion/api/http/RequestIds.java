package dev.pinion.api.http;

import jakarta.servlet.ServletRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Where the request id lives for the rest of a request. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = "dev.pinion.requestId";
    public static final String MDC_KEY = "request_id";

    private RequestIds() {}

    /**
     * A fresh random (version 4) UUID. Not {@link UUID#randomUUID()}: its one shared SecureRandom is a lock
     * every request thread queued on (JFR: 250 ms waits under load), and a request id is a log correlation
     * key, not a secret.
     */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    public static String of(ServletRequest request) {
        Object id = request == null ? null : request.getAttribute(ATTRIBUTE);
        return id == null ? "" : id.toString();
    }
}
