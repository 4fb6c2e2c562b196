package dev.pinion.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Client address behind proxies, as gin resolves it. Spec: panel-to-wings-api.md §1.7; seed "Trusted Proxies". */
class TrustedProxiesTest {
    private final TrustedProxies proxies = new TrustedProxies(List.of("127.0.0.1", "172.16.0.0/12", "fd00::/8"));

    @Test
    void untrustedPeerIsTheClientWhateverItForwards() {
        assertThat(proxies.clientAddress("203.0.113.9", "198.51.100.1", "198.51.100.2"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void trustedPeerForwardsTheRightmostUntrustedHop() {
        assertThat(proxies.clientAddress("127.0.0.1", "198.51.100.1, 203.0.113.7, 172.20.0.5", null))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        assertThat(proxies.clientAddress("127.0.0.1", "172.16.0.1, 172.31.255.254", null))
                .isEqualTo("172.16.0.1");
    }

    @Test
    void cidrBoundariesAreExact() {
        assertThat(proxies.clientAddress("172.32.0.1", "198.51.100.1", null)).isEqualTo("172.32.0.1");
        assertThat(proxies.clientAddress("172.31.255.255", "198.51.100.1", null))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void ipv6PeersAndRangesWork() {
        assertThat(proxies.clientAddress("fd12:3456::1", "2001:db8::42", null)).isEqualTo("2001:db8::42");
        assertThat(proxies.clientAddress("fe80::1", "2001:db8::42", null)).isEqualTo("fe80::1");
    }

    @Test
    void realIpIsUsedWhenThereIsNoForwardedFor() {
        assertThat(proxies.clientAddress("127.0.0.1", null, "198.51.100.3")).isEqualTo("198.51.100.3");
    }

    @Test
    void garbageInForwardedForIsNotTakenAsAnAddress() {
        assertThat(proxies.clientAddress("127.0.0.1", "evil.example.com", null)).isEqualTo("127.0.0.1");
        assertThat(proxies.clientAddress("127.0.0.1", "<script>", "also bad")).isEqualTo("127.0.0.1");
    }

    @Test
    void noTrustedProxiesMeansThePeerAlways() {
        assertThat(new TrustedProxies(List.of()).clientAddress("127.0.0.1", "198.51.100.1", "198.51.100.2"))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void invalidEntryIsRefused() {
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.example.com")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
