package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonProperty;

/** POST /servers/{uuid}/install body: whether the (re)install succeeded, and whether it was a reinstall (spec A7). */
public record InstallStatusReport(
        @JsonProperty("successful") boolean successful,
        @JsonProperty("reinstall") boolean reinstall) {}
