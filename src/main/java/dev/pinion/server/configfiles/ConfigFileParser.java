package dev.pinion.server.configfiles;

import java.util.List;

/** One of Wings' parsers: rewrites a file's bytes with the egg's replacements, or refuses. */
interface ConfigFileParser {
    /**
     * @param content the current file, empty when it was just created
     * @return the new content
     * @throws ConfigFileException when the file cannot be parsed or a replacement cannot be applied;
     *     the caller then leaves the file exactly as it was
     */
    byte[] apply(byte[] content, List<ResolvedReplacement> replacements) throws ConfigFileException;

    /** Whether Wings runs {@code {{config.*}}} templating for this parser (all but {@code file}). */
    default boolean nodeTemplating() {
        return true;
    }
}
