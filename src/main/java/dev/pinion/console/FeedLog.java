package dev.pinion.console;

import dev.pinion.server.ServerEvent;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * One server's outgoing events, each encoded once, in order, read by every console socket of the
 * server from a position of its own. Memory is bounded per server, however many sockets there are:
 * what every socket has read is forgotten, and what the slowest one has not read yet is held up to a
 * byte budget (and an entry count); beyond it the oldest entries go and a socket that had not read
 * them skips them, as dropped. A socket that stops reading costs its position and nothing else.
 *
 * <p>One thread appends (the server's feed); any number of socket writers read concurrently without
 * a lock: entries are immutable and carry their sequence number, so a reader that finds a slot
 * reused or cleared knows the entry it wanted is gone.
 *
 * <p>The slots start few and double as unread entries pile up, to the entry count: a server whose
 * sockets keep up (nearly all of them) holds a few KiB of slots, not the 256 KiB of the full count. The
 * appender copies the held entries into the larger array before publishing it; a reader that misses in
 * the array it started with looks again in the current one before counting an entry as gone.
 */
final class FeedLog {
    /** Charged per entry besides its bytes: the buffer, the entry and the event objects. */
    static final int ENTRY_OVERHEAD = 128;

    /** An encoded event at its place in the log. */
    record Entry(long seq, ServerEvent event, ByteBuffer wire) {
        /** What the entry holds in memory, by the budget's count. */
        long size() {
            return wire.remaining() + (long) ENTRY_OVERHEAD;
        }
    }

    /** Slots a log starts with. */
    static final int INITIAL_SLOTS = 256;

    /** The slot array and its index mask, replaced together when the appender grows it. */
    private record Ring(AtomicReferenceArray<Entry> slots, int mask) {
        Ring(int size) {
            this(new AtomicReferenceArray<>(size), size - 1);
        }

        Entry get(long seq) {
            return slots.get((int) (seq & mask));
        }
    }

    private final int maxSlots;
    private volatile Ring ring;
    private final long budgetBytes;
    // How much is appended between two looks at the readers' positions (a look costs one read per socket).
    private final long forgetEvery;
    private final LongSupplier slowestReader;
    private volatile long head;
    private volatile long tail;
    // Appender only.
    private long heldBytes;
    private long appendedSinceForget;

    /**
     * @param capacity      most entries held; rounded up to a power of two
     * @param budgetBytes   most bytes held, counted as {@link Entry#size()}
     * @param slowestReader the lowest position of any reader, or {@link Long#MAX_VALUE} when there is none
     */
    FeedLog(int capacity, long budgetBytes, LongSupplier slowestReader) {
        this(INITIAL_SLOTS, capacity, budgetBytes, slowestReader);
    }

    /** As {@link #FeedLog(int, long, LongSupplier)}, starting with {@code initialSlots} (a power of two). */
    FeedLog(int initialSlots, int capacity, long budgetBytes, LongSupplier slowestReader) {
        this.maxSlots = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.ring = new Ring(Math.min(maxSlots, Integer.highestOneBit(Math.max(2, initialSlots))));
        this.budgetBytes = budgetBytes;
        this.forgetEvery = Math.max(1, budgetBytes / 16);
        this.slowestReader = slowestReader;
    }

    /** The position the next appended entry will have: where a reader that joins now starts. */
    long tail() {
        return tail;
    }

    /** Appends an event; never blocks. Only one thread may append. */
    void append(ServerEvent event, ByteBuffer wire) {
        long seq = tail;
        Entry entry = new Entry(seq, event, wire);
        long size = entry.size();
        appendedSinceForget += size;
        if (appendedSinceForget >= forgetEvery) {
            appendedSinceForget = 0;
            forgetRead(Math.min(slowestReader.getAsLong(), seq));
        }
        long first = head;
        while (first < seq && heldBytes + size > budgetBytes) {
            heldBytes -= evict(first++);
        }
        Ring current = ring;
        if (seq - first > current.mask() && current.mask() + 1 < maxSlots) {
            // Full by count: forget what every reader has read, and grow only for what one has not.
            head = first;
            forgetRead(Math.min(slowestReader.getAsLong(), seq));
            first = head;
            if (seq - first > current.mask()) {
                current = grow(current, first, seq);
            }
        }
        while (first < seq && seq - first > current.mask()) {
            heldBytes -= evict(first++);
        }
        head = first;
        current.slots().set((int) (seq & current.mask()), entry);
        heldBytes += size;
        tail = seq + 1;
    }

    /** Slots in use now (for tests). */
    int slotCount() {
        return ring.mask() + 1;
    }

    private Ring grow(Ring from, long first, long end) {
        Ring larger = new Ring((from.mask() + 1) * 2);
        for (long seq = first; seq < end; seq++) {
            Entry entry = from.get(seq);
            if (entry != null && entry.seq() == seq) {
                larger.slots().set((int) (seq & larger.mask()), entry);
            }
        }
        ring = larger;
        return larger;
    }

    /**
     * Reads entries from {@code from} on into {@code out}, at most {@code max} of them, skipping
     * those already gone; returns the position after the last entry read (or skipped). The entries
     * skipped are {@code returned - from - entries added}.
     */
    long read(long from, List<Entry> out, int max) {
        long end = tail;
        long at = Math.max(from, head);
        int added = 0;
        Ring looking = ring;
        while (at < end && added < max) {
            Entry entry = looking.get(at);
            if (entry == null || entry.seq() != at) {
                Ring current = ring;
                if (current != looking) {
                    // grown while we looked: the entry was copied into (or appended to) the new slots
                    looking = current;
                    continue;
                }
                // evicted while we looked: whatever is older than the head now is gone too
                at = Math.max(at + 1, head);
                continue;
            }
            out.add(entry);
            added++;
            at++;
        }
        return at;
    }

    /** Bytes held, by the budget's count (for tests and metrics). */
    long heldBytes() {
        return heldBytes;
    }

    private void forgetRead(long upTo) {
        long first = head;
        while (first < upTo) {
            heldBytes -= evict(first++);
        }
        head = first;
    }

    private long evict(long seq) {
        Ring current = ring;
        Entry gone = current.slots().getAndSet((int) (seq & current.mask()), null);
        return gone == null || gone.seq() != seq ? 0 : gone.size();
    }
}
