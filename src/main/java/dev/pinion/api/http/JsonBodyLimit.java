package dev.pinion.api.http;

import dev.pinion.api.errors.ApiException;
import dev.pinion.api.errors.WingsMessages;
import dev.pinion.config.ConfigStore;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Guards every JSON request body read by a resource: an empty body is Wings' "not parsable" 400,
 * a body over {@code pinion.max_json_body_bytes} is a 413 before it is buffered. File contents and
 * uploads are streams, not JSON bodies, and are bounded by quota and upload limits instead.
 */
@Provider
public final class JsonBodyLimit implements ReaderInterceptor {
    private final ConfigStore config;

    public JsonBodyLimit(ConfigStore config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null
                || !(type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                        || type.getSubtype().endsWith("+json"))) {
            return context.proceed();
        }
        long limit = config.current().pinion().maxJsonBodyBytes();
        String declared = context.getHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > limit) {
            throw tooLarge();
        }
        PushbackInputStream body = new PushbackInputStream(context.getInputStream(), 1);
        int first = body.read();
        if (first < 0) {
            throw ApiException.unparsable();
        }
        body.unread(first);
        context.setInputStream(new BoundedStream(body, limit));
        return context.proceed();
    }

    private static ApiException tooLarge() {
        return new ApiException(413, WingsMessages.TOO_LARGE);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Fails the read once more than the limit has been consumed (chunked bodies have no length). */
    private static final class BoundedStream extends FilterInputStream {
        private final long limit;
        private long consumed;

        BoundedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            consumed += n;
            if (consumed > limit) {
                throw tooLarge();
            }
        }
    }
}
