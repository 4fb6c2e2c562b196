package dev.pinion.api.http;

import dev.pinion.config.AddressRange;
import java.util.List;
import java.util.Optional;

/**
 * Resolves the client address as gin does behind {@code api.trusted_proxies}: only when the peer
 * is a trusted proxy, walk X-Forwarded-For from the right to the first untrusted address (the
 * leftmost when all are trusted), else X-Real-IP; otherwise the peer itself.
 */
public final class TrustedProxies {
    private final List<AddressRange> ranges;

    public TrustedProxies(List<String> entries) {
        this.ranges = entries.stream()
                .map(e -> AddressRange.parse(e)
                        .orElseThrow(() -> new IllegalArgumentException("not an IP or CIDR: " + e)))
                .toList();
    }

    public String clientAddress(String peer, String forwardedFor, String realIp) {
        if (!isTrusted(peer)) {
            return peer;
        }
        if (forwardedFor != null && !forwardedFor.isBlank()) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (AddressRange.literalBytes(hop).isEmpty()) {
                    break; // a malformed entry: gin gives up on the header
                }
                if (i == 0 || !isTrusted(hop)) {
                    return hop;
                }
            }
        }
        Optional<String> real = Optional.ofNullable(realIp)
                .map(String::trim)
                .filter(ip -> AddressRange.literalBytes(ip).isPresent());
        return real.orElse(peer);
    }

    private boolean isTrusted(String address) {
        return ranges.stream().anyMatch(r -> r.contains(address));
    }
}
