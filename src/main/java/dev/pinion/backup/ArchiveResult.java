package dev.pinion.backup;

/** What was written: the SHA-1 (lower-case hex) and the byte count of the exact archive bytes (spec §5.2). */
public record ArchiveResult(String sha1, long size) {}
