package dev.pinion.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer of the fake Panel: status, extra headers, body (null = no body at all). */
record FakePanelReply(int status, Map<String, String> headers, byte[] body) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static FakePanelReply json(int status, JsonNode body) {
        try {
            return new FakePanelReply(
                    status,
                    new LinkedHashMap<>(Map.of("Content-Type", "application/json")),
                    MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static FakePanelReply error(String code, int status, String detail) {
        return json(status, PanelErrors.body(code, status, detail));
    }

    static FakePanelReply noContent() {
        return new FakePanelReply(204, new LinkedHashMap<>(), null);
    }

    /** 200 with an empty body, as the Panel answers POST /activity. */
    static FakePanelReply emptyOk() {
        return new FakePanelReply(200, new LinkedHashMap<>(), null);
    }

    FakePanelReply withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new FakePanelReply(status, copy, body);
    }
}
