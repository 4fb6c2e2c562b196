package dev.pinion.api;

import jakarta.ws.rs.core.MediaType;

/** The one media type every JSON resource answers with, as Wings (gin) sends it. */
final class ApiMedia {
    static final String JSON = MediaType.APPLICATION_JSON + ";charset=utf-8";

    private ApiMedia() {}
}
