package dev.pinion.filesystem;

/** One pair of the rename endpoint: {@code from} and {@code to}, both relative to the request's root. */
public record RenameRequest(String from, String to) {}
