package dev.pinion.server.configfiles;

/** A configuration file could not be applied; the message names the problem, the file is untouched. */
public class ConfigFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigFileException(String message) {
        super(message);
    }

    public ConfigFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
