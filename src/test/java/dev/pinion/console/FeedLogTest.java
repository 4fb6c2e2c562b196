package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinion.server.ServerEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FeedLogTest {
    private static final String LINE = "x".repeat(100);

    private final AtomicLong slowest = new AtomicLong(Long.MAX_VALUE);

    private static ByteBuffer wire(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    private static void append(FeedLog log, int count) {
        for (int i = 0; i < count; i++) {
            log.append(new ServerEvent(ServerEvent.CONSOLE_OUTPUT, String.valueOf(i)), wire(LINE));
        }
    }

    /** A reader on its own thread reading up to {@code total} in batches of {@code batch}; what it saw. */
    private static Thread racingReader(FeedLog log, int total, int batch, List<Long> seen) {
        return Thread.ofPlatform().start(() -> {
            long position = 0;
            List<FeedLog.Entry> taken = new ArrayList<>();
            while (position < total) {
                position = log.read(position, taken, batch);
                taken.forEach(e -> seen.add(e.seq()));
                taken.clear();
            }
        });
    }

    @Test
    void everyReaderGetsEveryEntryInOrderFromItsOwnPosition() {
        FeedLog log = new FeedLog(1024, 1 << 20, slowest::get);
        slowest.set(0);
        append(log, 10);
        List<FeedLog.Entry> first = new ArrayList<>();
        List<FeedLog.Entry> second = new ArrayList<>();

        assertThat(log.read(0, first, 100)).isEqualTo(10);
        assertThat(log.read(4, second, 3)).isEqualTo(7);

        assertThat(first)
                .extracting(e -> e.event().data())
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(second).extracting(FeedLog.Entry::seq).containsExactly(4L, 5L, 6L);
    }

    @Test
    void aReaderThatStopsReadingCostsNoMoreThanTheBudget() {
        long budget = 64 * 1024;
        FeedLog log = new FeedLog(1 << 16, budget, slowest::get);
        // a stuck socket never moves from 0 while a million lines go by
        slowest.set(0);
        append(log, 1_000_000);

        assertThat(log.heldBytes()).isLessThanOrEqualTo(budget);
        List<FeedLog.Entry> caughtUp = new ArrayList<>();
        long next = log.read(0, caughtUp, Integer.MAX_VALUE);
        // it skips what was forgotten (its oldest messages) and gets the newest, which fit the budget
        assertThat(next).isEqualTo(1_000_000);
        assertThat(caughtUp).isNotEmpty();
        assertThat(caughtUp.getLast().seq()).isEqualTo(999_999L);
        assertThat(caughtUp.size() * (long) (LINE.length() + FeedLog.ENTRY_OVERHEAD))
                .isLessThanOrEqualTo(budget);
    }

    @Test
    void whatEveryReaderHasReadIsForgotten() {
        long budget = 4L << 20;
        long entry = LINE.length() + FeedLog.ENTRY_OVERHEAD;
        // every socket keeps up: the slowest has read everything appended so far
        AtomicLong appended = new AtomicLong();
        FeedLog log = new FeedLog(1 << 16, budget, appended::get);
        for (int i = 0; i < 100_000; i++) {
            log.append(new ServerEvent(ServerEvent.CONSOLE_OUTPUT, String.valueOf(i)), wire(LINE));
            appended.incrementAndGet();
        }

        // far less than the budget: at most what is appended between two looks at the readers
        assertThat(log.heldBytes()).isLessThanOrEqualTo(budget / 16 + entry);
        List<FeedLog.Entry> late = new ArrayList<>();
        log.read(0, late, Integer.MAX_VALUE);
        assertThat(late.getFirst().seq()).isGreaterThan(90_000L);
    }

    @Test
    void theEntryCountIsBoundedEvenForTinyMessages() {
        FeedLog log = new FeedLog(1024, Long.MAX_VALUE, slowest::get);
        slowest.set(0);
        for (int i = 0; i < 100_000; i++) {
            log.append(new ServerEvent(ServerEvent.CONSOLE_OUTPUT, "."), wire("."));
        }
        List<FeedLog.Entry> all = new ArrayList<>();
        log.read(0, all, Integer.MAX_VALUE);

        assertThat(all).hasSizeLessThanOrEqualTo(1024);
        assertThat(all.getLast().seq()).isEqualTo(99_999L);
    }

    @Test
    void aReaderRacingTheAppenderNeverSeesAnEntryOutOfOrderOrTwice() throws InterruptedException {
        FeedLog log = new FeedLog(256, 16 * 1024, slowest::get);
        int total = 200_000;
        List<Long> seen = new ArrayList<>();
        Thread reader = racingReader(log, total, 64, seen);
        append(log, total);
        reader.join(30_000);

        assertThat(reader.isAlive()).isFalse();
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(seen.getLast()).isEqualTo(total - 1L);
    }

    @Test
    void theSlotsStartFewAndGrowOnlyForUnreadEntries() {
        AtomicLong read = new AtomicLong();
        FeedLog log = new FeedLog(1 << 16, 4L << 20, read::get);
        // sockets that keep up: a quiet or well-read server holds the initial slots, however much goes by
        for (int i = 0; i < 100_000; i++) {
            log.append(new ServerEvent(ServerEvent.CONSOLE_OUTPUT, "."), wire("."));
            read.incrementAndGet();
        }
        assertThat(log.slotCount()).isEqualTo(FeedLog.INITIAL_SLOTS);

        // a socket that stops reading: the slots grow to hold what it has not read, up to the entry count
        read.set(log.tail());
        append(log, 5_000);
        List<FeedLog.Entry> unread = new ArrayList<>();
        log.read(read.get(), unread, Integer.MAX_VALUE);
        assertThat(unread).hasSize(5_000);
        assertThat(log.slotCount()).isEqualTo(8192);
    }

    @Test
    void aReaderRacingTheSlotsGrowingMissesNothing() throws InterruptedException {
        // nothing is ever evicted here (budget unlimited, appends within the entry count), so a reader that
        // counted a miss in the old slots as a loss would skip entries
        int total = 60_000;
        FeedLog log = new FeedLog(2, 1 << 16, Long.MAX_VALUE, slowest::get);
        List<Long> seen = new ArrayList<>();
        Thread reader = racingReader(log, total, 16, seen);
        slowest.set(0);
        append(log, total);
        reader.join(30_000);

        assertThat(reader.isAlive()).isFalse();
        assertThat(seen).hasSize(total).isSorted().doesNotHaveDuplicates();
        assertThat(log.slotCount()).isEqualTo(1 << 16);
    }
}
