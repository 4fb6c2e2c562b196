package dev.pinion.panel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The Jackson mapper the Panel client uses: tolerant of keys newer Panels add, exact with numbers. */
public final class PanelJson {
    private PanelJson() {}

    /** A fresh mapper configured for Panel documents. */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Keep 64-bit integers and decimals exactly as the Panel wrote them in raw JsonNodes.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }
}
