package dev.pinion.console;

import java.util.HashMap;
import java.util.Map;

/**
 * The console socket caps (spec README "WebSocket authentication deadline", "WebSocket limits"):
 * per server, the sockets that can still authenticate; per client address, every open socket and,
 * more tightly, those that have not authenticated yet. A slot is taken before the upgrade and
 * given back exactly once, when the socket closes or misses its authentication deadline, so silent
 * sockets cannot lock real users out.
 */
final class SocketSlots {
    /** Why a socket was refused, or that it was admitted. */
    enum Verdict {
        ADMITTED,
        SERVER_FULL,
        ADDRESS_FULL
    }

    private final int perServer;
    private final int perAddress;
    private final int pendingPerAddress;
    private final Map<String, Integer> servers = new HashMap<>();
    private final Map<String, int[]> addresses = new HashMap<>();

    SocketSlots(int perServer, int perAddress, int pendingPerAddress) {
        this.perServer = perServer;
        this.perAddress = perAddress;
        this.pendingPerAddress = pendingPerAddress;
    }

    /** One socket's hold on the counts; every method is idempotent. */
    final class Slot {
        private final String server;
        private final String address;
        private boolean pending = true;
        private boolean released;

        /** The client address the socket was admitted for (trusted proxies resolved). */
        String address() {
            return address;
        }

        private Slot(String server, String address) {
            this.server = server;
            this.address = address;
        }

        /** The socket authenticated: it no longer counts against its address's pending cap. */
        void authenticated() {
            synchronized (SocketSlots.this) {
                if (pending && !released) {
                    pending = false;
                    addresses.get(address)[1]--;
                }
            }
        }

        /** The socket closed or missed its deadline: its slots are free again. */
        void release() {
            synchronized (SocketSlots.this) {
                if (released) {
                    return;
                }
                released = true;
                servers.computeIfPresent(server, (k, count) -> count <= 1 ? null : count - 1);
                int[] counts = addresses.get(address);
                counts[0]--;
                if (pending) {
                    counts[1]--;
                }
                if (counts[0] == 0) {
                    addresses.remove(address);
                }
            }
        }

        boolean isPending() {
            synchronized (SocketSlots.this) {
                return pending && !released;
            }
        }
    }

    /** The verdict, with the slot when admitted (else null). */
    record Admission(Verdict verdict, Slot slot) {}

    synchronized Admission take(String server, String address) {
        if (servers.getOrDefault(server, 0) >= perServer) {
            return new Admission(Verdict.SERVER_FULL, null);
        }
        int[] counts = addresses.getOrDefault(address, new int[2]);
        if (counts[0] >= perAddress || counts[1] >= pendingPerAddress) {
            return new Admission(Verdict.ADDRESS_FULL, null);
        }
        servers.merge(server, 1, Integer::sum);
        counts[0]++;
        counts[1]++;
        addresses.put(address, counts);
        return new Admission(Verdict.ADMITTED, new Slot(server, address));
    }

    /** Sockets of a server that hold a slot. */
    synchronized int count(String server) {
        return servers.getOrDefault(server, 0);
    }

    /** Sockets from an address that hold a slot. */
    synchronized int countFrom(String address) {
        int[] counts = addresses.get(address);
        return counts == null ? 0 : counts[0];
    }
}
