package dev.pinion.filesystem;

/** One entry of the chmod endpoint: the file and its mode as Wings' octal string ("755"). */
public record ModeChange(String file, String mode) {}
