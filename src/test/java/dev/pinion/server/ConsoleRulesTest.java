package dev.pinion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Console throttle, done detection and stop signals. Spec: server-lifecycle-docker.md §2.5, §3.3, §2.9 and the README decision on ^C. */
class ConsoleRulesTest {
    @Test
    void throttlePassesTheLimitPerWindowReportsTheFirstDropAndRearms() {
        AtomicLong now = new AtomicLong(1_000);
        ConsoleThrottle throttle = new ConsoleThrottle(3, 100, now::get);

        assertThat(List.of(throttle.next(), throttle.next(), throttle.next()))
                .containsOnly(ConsoleThrottle.Verdict.PASS);
        assertThat(throttle.next()).isEqualTo(ConsoleThrottle.Verdict.DROP_FIRST);
        assertThat(throttle.next()).isEqualTo(ConsoleThrottle.Verdict.DROP);
        now.addAndGet(100);
        assertThat(throttle.next()).isEqualTo(ConsoleThrottle.Verdict.PASS);
        throttle.next();
        throttle.next();
        assertThat(throttle.next()).isEqualTo(ConsoleThrottle.Verdict.DROP_FIRST);
    }

    @Test
    void doneSubstringIsCaseSensitiveAndMatchesAnywhere() {
        DoneMatcher matcher = new DoneMatcher(List.of(")! For help, type "), false);
        assertThat(matcher.matches("[12:00:00 INFO]: Done (3.2s)! For help, type \"help\""))
                .isTrue();
        assertThat(matcher.matches("done (3.2s)! for help, type ")).isFalse();
    }

    @Test
    void doneRegexUsesRe2SemanticsUnanchored() {
        DoneMatcher matcher = new DoneMatcher(List.of("regex:^Server started on port \\d+$"), false);
        assertThat(matcher.matches("Server started on port 25565")).isTrue();
        assertThat(new DoneMatcher(List.of("regex:started"), false).matches("the server has started fine"))
                .isTrue();
        // Go's '.' matches '\r' (lines can contain an embedded \r\n); java.util.regex's would not.
        assertThat(new DoneMatcher(List.of("regex:a.b"), false).matches("a\rb")).isTrue();
    }

    @Test
    void invalidRegexFallsBackToAPlainSubstringAndNoEntriesNeverMatch() {
        assertThat(new DoneMatcher(List.of("regex:(unclosed"), false).matches("(unclosed"))
                .isFalse();
        assertThat(new DoneMatcher(List.of("regex:(unclosed"), false).matches("x regex:(unclosed y"))
                .isTrue();
        assertThat(new DoneMatcher(List.of(), false).matches("anything")).isFalse();
    }

    @Test
    void stripAnsiRemovesColoursBeforeMatchingOnlyWhenAsked() {
        String coloured = "\u001b[32mServer \u001b[1mready\u001b[0m";
        assertThat(new DoneMatcher(List.of("Server ready"), true).matches(coloured))
                .isTrue();
        assertThat(new DoneMatcher(List.of("Server ready"), false).matches(coloured))
                .isFalse();
    }

    @Test
    void stopSignalsMapThePanelsEncodingsToRealSignals() {
        assertThat(StopSignals.of("C")).isEqualTo("SIGINT");
        assertThat(StopSignals.of("^C")).isEqualTo("SIGINT");
        assertThat(StopSignals.of("SIGTERM")).isEqualTo("SIGTERM");
        assertThat(StopSignals.of("TERM")).isEqualTo("SIGTERM");
        assertThat(StopSignals.of("sigint")).isEqualTo("SIGINT");
        assertThat(StopSignals.of("SIGABRT")).isEqualTo("SIGABRT");
        assertThat(StopSignals.of("SIGKILL")).isEqualTo("SIGKILL");
        assertThat(StopSignals.of("")).isEqualTo("SIGKILL");
        assertThat(StopSignals.of("NONSENSE")).isEqualTo("SIGKILL");
    }

    @Test
    void daemonMessagesUseWingsColoursAndAppName() {
        assertThat(DaemonMessages.format("Pterodactyl", "hello"))
                .isEqualTo("\u001b[33m\u001b[1m[Pterodactyl Daemon]:\u001b[39m hello\u001b[0m");
    }

    @Test
    void historyKeepsTheNewestLinesOldestFirst() {
        ConsoleHistory history = new ConsoleHistory(3);
        for (String line : List.of("a", "b", "c", "d")) {
            history.add(line);
        }
        assertThat(history.last(10)).containsExactly("b", "c", "d");
        assertThat(history.last(2)).containsExactly("c", "d");
    }
}
