package dev.pinion.server.configfiles;

import java.util.Optional;

/**
 * What happened to one configuration file during a pre-boot apply; the caller turns failures into
 * console daemon messages.
 *
 * @param file the file as named in the egg
 * @param parser the parser name as sent
 * @param outcome what happened
 * @param problem for {@link Outcome#FAILED} a sentence naming the file and the problem
 */
public record ConfigFileResult(String file, String parser, Outcome outcome, Optional<String> problem) {

    /** The possible results of applying one file. */
    public enum Outcome {
        /** The parser ran and the file was written. */
        UPDATED,
        /** The parser name is unknown: the file was only created if missing, as Wings does. */
        UNKNOWN_PARSER,
        /** Nothing was written; {@code problem} says why. The file is exactly as it was before. */
        FAILED
    }

    static ConfigFileResult updated(ConfigFileEntry entry) {
        return new ConfigFileResult(entry.file(), entry.parser(), Outcome.UPDATED, Optional.empty());
    }

    static ConfigFileResult unknownParser(ConfigFileEntry entry) {
        return new ConfigFileResult(entry.file(), entry.parser(), Outcome.UNKNOWN_PARSER, Optional.empty());
    }

    static ConfigFileResult failed(String file, String parser, String problem) {
        return new ConfigFileResult(file, parser, Outcome.FAILED, Optional.of(problem));
    }

    /** True when the file was not written because of a problem. */
    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
