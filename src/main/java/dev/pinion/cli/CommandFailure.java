package dev.pinion.cli;

/** A command that cannot go on: its message is printed as one line and the process exits 1. */
public final class CommandFailure extends RuntimeException {
    public CommandFailure(String message) {
        super(message);
    }
}
