package dev.pinion.server.configfiles;

import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code process_configuration.configs}: a file in the server's volume, its parser name
 * and the replacements to apply to it.
 *
 * @param file the path relative to the server root, as the egg wrote it
 * @param parser the parser name exactly as sent (unknown names are kept and leave the file alone)
 * @param replacements the replacements in the Panel's order
 */
public record ConfigFileEntry(String file, String parser, List<Replacement> replacements) {
    public ConfigFileEntry {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(parser, "parser");
        replacements = List.copyOf(replacements);
    }
}
