package dev.pinion.sftp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-address failed-login limiting, beyond Wings (panel#5115: its memory grows under failed-login
 * floods): after {@code maxFailures} failures within {@code window} an address is banned for
 * {@code banFor}; while banned its connections are dropped at accept and its logins never reach the
 * Panel. IPv6 clients are counted per /64, since one host can hold a whole /64. Memory is bounded: at
 * most {@code maxTracked} addresses are remembered, the least recently seen forgotten first. Time comes
 * from the injected clock. Thread-safe.
 */
public final class FailedLoginLimiter {
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Duration banFor;
    private final int maxTracked;
    private final Map<String, Record> records;

    private static final class Record {
        Instant windowStart;
        int failures;
        Instant bannedUntil = Instant.MIN;
    }

    public FailedLoginLimiter(Clock clock, int maxFailures, Duration window, Duration banFor, int maxTracked) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.banFor = banFor;
        this.maxTracked = maxTracked;
        this.records = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
                return size() > FailedLoginLimiter.this.maxTracked;
            }
        };
    }

    /** True while the address is banned. A limit of 0 failures disables limiting. */
    public synchronized boolean isBanned(InetAddress address) {
        if (maxFailures <= 0) {
            return false;
        }
        Record record = records.get(key(address));
        return record != null && clock.instant().isBefore(record.bannedUntil);
    }

    /** Counts one failed login; returns true when this failure started a ban. */
    public synchronized boolean recordFailure(InetAddress address) {
        if (maxFailures <= 0) {
            return false;
        }
        Instant now = clock.instant();
        Record record = records.computeIfAbsent(key(address), k -> new Record());
        if (now.isBefore(record.bannedUntil)) {
            return false;
        }
        if (record.windowStart == null || !now.isBefore(record.windowStart.plus(window))) {
            record.windowStart = now;
            record.failures = 0;
        }
        record.failures++;
        if (record.failures >= maxFailures) {
            record.bannedUntil = now.plus(banFor);
            record.failures = 0;
            record.windowStart = null;
            return true;
        }
        return false;
    }

    /** Addresses banned right now (a gauge for operators). */
    public synchronized int bannedCount() {
        Instant now = clock.instant();
        int banned = 0;
        for (Iterator<Record> it = records.values().iterator(); it.hasNext(); ) {
            Record record = it.next();
            if (now.isBefore(record.bannedUntil)) {
                banned++;
            }
        }
        return banned;
    }

    /** Addresses remembered (never above {@code maxTracked}). */
    public synchronized int trackedCount() {
        return records.size();
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet6Address v6 && !isMappedV4(v6)) {
            byte[] bytes = v6.getAddress();
            StringBuilder prefix = new StringBuilder("v6:");
            for (int i = 0; i < 8; i++) {
                prefix.append(String.format("%02x", bytes[i]));
            }
            return prefix.toString();
        }
        return address.getHostAddress();
    }

    private static boolean isMappedV4(Inet6Address address) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }
}
