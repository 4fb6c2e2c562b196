package dev.pinion.api.errors;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of every error response: {@code {"error": "...", "request_id": "..."}}. */
public record WingsError(
        @JsonProperty("error") String error,
        @JsonProperty("request_id") String requestId) {}
