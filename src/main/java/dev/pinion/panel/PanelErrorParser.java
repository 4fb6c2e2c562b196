package dev.pinion.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads the Panel's error body {@code {"errors":[{code,status,detail}]}} into a {@link PanelException}
 * from its first entry, or Wings' {@code _MissingResponseCode} stand-in when there is none (spec A1).
 */
final class PanelErrorParser {
    private final ObjectMapper mapper;

    PanelErrorParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    PanelException parse(int httpStatus, byte[] body) {
        JsonNode first = firstError(body);
        if (first == null) {
            return new PanelException(
                    httpStatus,
                    PanelException.MISSING_RESPONSE_CODE,
                    Integer.toString(httpStatus),
                    PanelException.MISSING_RESPONSE_DETAIL);
        }
        return new PanelException(httpStatus, text(first, "code"), text(first, "status"), text(first, "detail"));
    }

    private JsonNode firstError(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode errors = mapper.readTree(body).path("errors");
            return errors.isArray() && !errors.isEmpty() && errors.get(0).isObject() ? errors.get(0) : null;
        } catch (IOException notJson) {
            // A proxy's HTML error page, say: Wings ignores the decode failure and uses the stand-in.
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
