package dev.pinion.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request the {@link FakePanel} received, exactly as it arrived. */
public record RecordedRequest(
        String method,
        String path,
        String rawQuery,
        Map<String, List<String>> headers,
        byte[] body,
        Instant receivedAt) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The first value of a header, case-insensitively, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The query parameters, decoded, in order (the last value wins for repeated keys). */
    public Map<String, String> query() {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** One query parameter, or null. */
    public String query(String name) {
        return query().get(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON (a missing body reads as a MissingNode). */
    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("request body is not JSON: " + bodyText(), e);
        }
    }

    /** True when method and path match exactly (path includes the /api/remote prefix). */
    public boolean is(String method, String path) {
        return this.method.equals(method) && this.path.equals(path);
    }

    @Override
    public String toString() {
        return method + " " + path + (rawQuery == null ? "" : "?" + rawQuery) + " " + bodyText();
    }
}
