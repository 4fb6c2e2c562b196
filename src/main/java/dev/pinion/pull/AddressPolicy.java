package dev.pinion.pull;

import dev.pinion.config.AddressRange;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which resolved addresses a remote pull may connect to (spec files-backups-transfers.md §3.2; advisories
 * GHSA-6rg3-8h8x-5xfv, CVE-2024-34068). {@link #wings()} blocks everything Wings blocks plus what the
 * spec recommends beyond it: unspecified, CGNAT, benchmarking, reserved, broadcast, multicast, and IPv6
 * forms that embed a blocked IPv4 address (mapped, compatible, NAT64, 6to4). Immutable.
 */
public final class AddressPolicy {
    private static final List<String> BLOCKED = List.of(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.0.2.0/24",
            "192.88.99.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24",
            "224.0.0.0/4",
            "240.0.0.0/4",
            "::/96",
            "64:ff9b:1::/48",
            "100::/64",
            "2001:db8::/32",
            "fc00::/7",
            "fe80::/10",
            "fec0::/10",
            "ff00::/8");

    private static final AddressRange NAT64 = AddressRange.parse("64:ff9b::/96").orElseThrow();

    private final List<AddressRange> blocked;
    private final List<byte[]> exceptions;

    private AddressPolicy(List<AddressRange> blocked, List<byte[]> exceptions) {
        this.blocked = blocked;
        this.exceptions = exceptions;
    }

    /** The production policy. */
    public static AddressPolicy wings() {
        return new AddressPolicy(
                BLOCKED.stream().map(r -> AddressRange.parse(r).orElseThrow()).toList(), List.of());
    }

    /**
     * The production policy with exactly these literal addresses let through — for tests that need a
     * reachable loopback server, and nothing else.
     */
    public static AddressPolicy wingsExcept(String... literals) {
        List<byte[]> allowed = Arrays.stream(literals)
                .map(l -> AddressRange.literalBytes(l).orElseThrow(() -> new IllegalArgumentException(l)))
                .toList();
        return new AddressPolicy(wings().blocked, allowed);
    }

    /** True when a connection to {@code address} must not be made. */
    public boolean isBlocked(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (byte[] allowed : exceptions) {
            if (Arrays.equals(allowed, bytes)) {
                return false;
            }
        }
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        if (bytes.length == 4 && (bytes[0] & 0xff) == 255 && (bytes[1] & 0xff) == 255) {
            return true; // inside 240/4 anyway; explicit for the broadcast address
        }
        for (AddressRange range : blocked) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        if (address instanceof Inet6Address) {
            byte[] embedded = embeddedIpv4(bytes);
            if (embedded != null) {
                try {
                    return isBlocked(InetAddress.getByAddress(embedded));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The IPv4 address a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address carries; null if none.
     * (IPv4-mapped addresses already arrive as IPv4 from the JDK.)
     */
    private static byte[] embeddedIpv4(byte[] v6) {
        if (NAT64.contains(v6)) {
            return new byte[] {v6[12], v6[13], v6[14], v6[15]};
        }
        if ((v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x02) {
            return new byte[] {v6[2], v6[3], v6[4], v6[5]};
        }
        return null;
    }
}
