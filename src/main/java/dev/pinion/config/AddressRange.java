package dev.pinion.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** One IP address or CIDR block (IPv4 or IPv6), as {@code api.trusted_proxies} lists them. */
public record AddressRange(byte[] network, int prefixLength, String text) {
    // Only literal addresses: InetAddress.getByName would otherwise resolve host names over DNS.
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(%[\\w.]+)?");

    /** Parses "10.0.0.1", "172.16.0.0/12", "::1" or "fd00::/8"; empty when it is none of those. */
    public static Optional<AddressRange> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        Optional<byte[]> bytes = literalBytes(address);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        int maxPrefix = bytes.get().length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > maxPrefix) {
                return Optional.empty();
            }
        }
        return Optional.of(new AddressRange(bytes.get(), prefix, trimmed));
    }

    /** The bytes of a literal IPv4/IPv6 address; empty for anything else (host names included). */
    public static Optional<byte[]> literalBytes(String address) {
        if (address == null
                || address.isEmpty()
                || !LITERAL.matcher(address).matches()
                || (!address.contains(":")
                        && address.chars().filter(c -> c == '.').count() != 3)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether the literal address lies in this range. An IPv4-mapped IPv6 address counts as IPv4. */
    public boolean contains(String address) {
        return literalBytes(address).map(this::contains).orElse(false);
    }

    public boolean contains(byte[] candidate) {
        if (candidate.length != network.length) {
            return false;
        }
        int shift = network.length * 8 - prefixLength;
        BigInteger mask = shift == network.length * 8
                ? BigInteger.ZERO
                : BigInteger.ONE
                        .shiftLeft(prefixLength)
                        .subtract(BigInteger.ONE)
                        .shiftLeft(shift);
        return new BigInteger(1, candidate).and(mask).equals(new BigInteger(1, network).and(mask));
    }
}
