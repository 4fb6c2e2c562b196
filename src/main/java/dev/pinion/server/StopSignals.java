package dev.pinion.server;

import java.util.Locale;
import java.util.Set;

/**
 * Which signal an egg's signal stop sends (spec README decision): the Panel sends {@code ^C} as
 * value {@code C}, meant as SIGINT so the game saves its world (Wings falls through to SIGKILL);
 * {@code SIGTERM}, {@code TERM} and the other signal names send that signal; anything unknown, or
 * no value at all, is SIGKILL.
 */
public final class StopSignals {
    private static final Set<String> KNOWN = Set.of(
            "SIGABRT",
            "SIGALRM",
            "SIGHUP",
            "SIGINT",
            "SIGKILL",
            "SIGQUIT",
            "SIGTERM",
            "SIGUSR1",
            "SIGUSR2",
            "SIGWINCH",
            "SIGSTOP",
            "SIGCONT",
            "SIGPWR");

    private StopSignals() {}

    public static String of(String value) {
        String name = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        while (name.startsWith("^")) {
            name = name.substring(1);
        }
        if (name.equals("C")) {
            return "SIGINT";
        }
        if (!name.isEmpty() && !name.startsWith("SIG")) {
            name = "SIG" + name;
        }
        return KNOWN.contains(name) ? name : "SIGKILL";
    }
}
