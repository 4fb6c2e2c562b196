package dev.pinion.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pull SSRF guard (spec files-backups-transfers.md §3.2, §7 items 4 and 11; GHSA-6rg3-8h8x-5xfv,
 * CVE-2024-34068). Only loopback is ever contacted: non-loopback ranges are pinned on the policy itself,
 * and every end-to-end refusal is proven by the origin never being hit. The "allowed" origin exists only
 * because these tests let exactly 127.0.0.1 through.
 */
class SsrfGuardTest {
    private static LoopbackOrigin allowed;
    private static LoopbackOrigin forbidden;

    @BeforeAll
    static void origins() {
        allowed = LoopbackOrigin.start("127.0.0.1");
        forbidden = LoopbackOrigin.start("127.0.0.2");
    }

    @AfterAll
    static void stop() {
        allowed.close();
        forbidden.close();
    }

    private static GuardedHttpGet client(AddressPolicy policy) {
        return new GuardedHttpGet(
                policy, Duration.ofSeconds(5), Duration.ofSeconds(5), (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1.2.3",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "0.0.0.0",
                "0.1.2.3",
                "100.64.0.1",
                "100.127.255.254",
                "198.18.0.1",
                "224.0.0.1",
                "239.255.255.250",
                "240.0.0.1",
                "255.255.255.255",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "64:ff9b::7f00:1",
                "64:ff9b::a00:1",
                "2002:7f00:1::1",
                "::127.0.0.1"
            })
    void theWingsPolicyBlocksInternalAddresses(String literal) throws Exception {
        assertThat(AddressPolicy.wings().isBlocked(InetAddress.getByName(literal)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.1.1.1",
                "93.184.216.34",
                "172.32.0.1",
                "100.128.0.1",
                "2606:4700:4700::1111",
                "64:ff9b::5db8:d822"
            })
    void theWingsPolicyAllowsPublicAddresses(String literal) throws Exception {
        assertThat(AddressPolicy.wings().isBlocked(InetAddress.getByName(literal)))
                .isFalse();
    }

    @Test
    void theTestExceptionLetsThroughExactlyOneAddress() throws Exception {
        AddressPolicy policy = AddressPolicy.wingsExcept("127.0.0.1");
        assertThat(policy.isBlocked(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(policy.isBlocked(InetAddress.getByName("127.0.0.2"))).isTrue();
        assertThat(policy.isBlocked(InetAddress.getByName("::1"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "[::1]", "0.0.0.0", "[::ffff:127.0.0.1]", "[::]"})
    void aLiteralLoopbackUrlIsRefusedWithoutContactingIt(String host) {
        String url = "http://" + host + ":" + allowed.port() + "/file.txt";
        int before = allowed.hits().size();
        assertThatThrownBy(() -> client(AddressPolicy.wings()).get(URI.create(url)))
                .isInstanceOf(PullException.class)
                .hasMessage(PullException.INTERNAL_DESTINATION);
        assertThat(allowed.hits()).hasSize(before);
    }

    @Test
    void aHostNameResolvingToLoopbackIsRefusedWithoutContactingIt() {
        int before = allowed.hits().size();
        assertThatThrownBy(() ->
                        client(AddressPolicy.wings()).get(URI.create("http://localhost:" + allowed.port() + "/a")))
                .isInstanceOf(PullException.class)
                .hasMessage(PullException.INTERNAL_DESTINATION);
        assertThat(allowed.hits()).hasSize(before);
    }

    @Test
    void aRedirectFromAnAllowedServerToAForbiddenAddressIsRefused() {
        String target = forbidden.url("/secret");
        assertThatThrownBy(() -> client(AddressPolicy.wingsExcept("127.0.0.1"))
                        .get(URI.create(allowed.url("/redirect?to=" + target))))
                .isInstanceOf(PullException.class)
                .hasMessage(PullException.INTERNAL_DESTINATION);
        assertThat(allowed.hits()).anyMatch(h -> h.startsWith("/redirect"));
        assertThat(forbidden.hits()).isEmpty();
    }

    @Test
    void aRedirectToIpv6LoopbackIsRefused() {
        String target = "http://[::1]:" + allowed.port() + "/secret";
        int before = allowed.hits().size();
        assertThatThrownBy(() -> client(AddressPolicy.wingsExcept("127.0.0.1"))
                        .get(URI.create(allowed.url("/redirect?to=" + target))))
                .isInstanceOf(PullException.class)
                .hasMessage(PullException.INTERNAL_DESTINATION);
        assertThat(allowed.hits()).hasSize(before + 1);
    }

    @Test
    void aRedirectToAnAllowedAddressIsFollowed() throws IOException {
        try (RemoteResponse response = client(AddressPolicy.wingsExcept("127.0.0.1"))
                .get(URI.create(allowed.url("/redirect?to=" + allowed.url("/final.txt"))))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(new String(response.body().readAllBytes())).isEqualTo("content of /final.txt");
        }
    }

    /**
     * CVE-2024-34068 (DNS rebinding): a name that resolves to an allowed address first and to a forbidden
     * one afterwards. The name is resolved once per connection and the socket goes to exactly the
     * address that was checked, so the forbidden one is never reached.
     */
    @Test
    void aNameIsResolvedOnceAndTheCheckedAddressIsTheOneConnected() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        InetAddress first = InetAddress.getByName("127.0.0.1");
        InetAddress rebound = InetAddress.getByName("127.0.0.2");
        GuardedHttpGet.Resolver rebinding =
                host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? first : rebound};
        GuardedHttpGet client = new GuardedHttpGet(
                AddressPolicy.wingsExcept("127.0.0.1"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                (SSLSocketFactory) SSLSocketFactory.getDefault(),
                rebinding);
        try (RemoteResponse response = client.get(URI.create("http://rebind.test:" + allowed.port() + "/rebind"))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.socket().getInetAddress()).isEqualTo(first);
        }
        assertThat(lookups).hasValue(1);
        assertThat(forbidden.hits()).isEmpty();
        // the next connection resolves again, sees the forbidden address and refuses it
        assertThatThrownBy(() -> client.get(URI.create("http://rebind.test:" + forbidden.port() + "/rebind")))
                .isInstanceOf(PullException.class)
                .hasMessage(PullException.INTERNAL_DESTINATION);
        assertThat(forbidden.hits()).isEmpty();
    }

    @Test
    void theRequestCarriesWingsUserAgent() throws IOException {
        try (RemoteResponse response =
                client(AddressPolicy.wingsExcept("127.0.0.1")).get(URI.create(allowed.url("/ua")))) {
            assertThat(response.status()).isEqualTo(200);
        }
        assertThat(allowed.hits()).contains("/ua UA=Pterodactyl Panel (https://pterodactyl.io)");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://example.com/a",
                "file:///etc/passwd",
                "gopher://127.0.0.1:70/",
                "jar:file:/x!/y",
                "//example.com/a",
                "http:///nohost"
            })
    void anythingButHttpOrHttpsWithAHostIsRefusedBeforeConnecting(String url) {
        assertThatThrownBy(() -> GuardedHttpGet.parse(url))
                .isInstanceOf(PullException.class)
                .hasMessageStartingWith("An error occurred while parsing that URL: ");
    }

    @Test
    void aRedirectToAnotherSchemeIsRefused() {
        assertThatThrownBy(() -> client(AddressPolicy.wingsExcept("127.0.0.1"))
                        .get(URI.create(allowed.url("/redirect?to=file:///etc/passwd"))))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("unsupported protocol scheme");
    }
}
