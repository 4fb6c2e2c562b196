package dev.pinion.environment;

import java.util.Map;

/** A container found by its labels: its name (without Docker's leading slash) and all its labels. */
public record LabelledContainer(String name, Map<String, String> labels) {}
