package io.blogimages.gateway.edge;

import io.blogimages.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who the client is, when load balancers stand in between and clients write what they like into headers. */
class ClientAddressesTest {

    private final ClientAddresses addresses = new ClientAddresses(config(List.of("10.0.0.0/8", "127.0.0.1/32", "::1/128")));

    @Test
    void aDirectClientIsItsPeerWhateverItClaims() {
        assertEquals("203.0.113.7", addresses.clientIp("203.0.113.7", null));
        assertEquals("203.0.113.7", addresses.clientIp("203.0.113.7", "198.51.100.1"));
    }

    @Test
    void behindTrustedProxiesItIsTheRightMostUntrustedHop() {
        assertEquals("198.51.100.1", addresses.clientIp("10.1.2.3", "198.51.100.1"));
        // a client that prepends a fake address gains nothing: the hop our load balancer added wins
        assertEquals("198.51.100.1", addresses.clientIp("10.1.2.3", "6.6.6.6, 198.51.100.1"));
        assertEquals("198.51.100.1", addresses.clientIp("10.1.2.3", "6.6.6.6, 198.51.100.1, 10.9.9.9"));
        assertEquals("10.1.2.3", addresses.clientIp("10.1.2.3", "10.0.0.1"));
        assertEquals("10.1.2.3", addresses.clientIp("10.1.2.3", " "));
    }

    @Test
    void aHopThatIsNoAddressIsNeverTakenForOne() {
        // Names are never resolved, and never become a client identity (rate-limit key, log field)
        assertEquals("10.1.2.3", addresses.clientIp("10.1.2.3", "localhost"));
        assertEquals("10.1.2.3", addresses.clientIp("10.1.2.3", "198.51.100.1, cafe"));
        assertEquals("10.1.2.3", addresses.clientIp("10.1.2.3", "198.51.100.1, evil\nINFO forged"));
        assertEquals("10.1.2.3", addresses.clientIp("10.1.2.3", "198.51.100.1, "));
        assertEquals("2001:db8::7", addresses.clientIp("10.1.2.3", "[2001:db8::7]"));
    }

    @Test
    void cidrsMatchIpv4AndIpv6WithoutDnsLookups() {
        assertTrue(addresses.isTrusted("10.255.255.255"));
        assertFalse(addresses.isTrusted("11.0.0.0"));
        assertTrue(addresses.isTrusted("::1"));
        assertTrue(addresses.isTrusted("[::1]"));
        assertFalse(addresses.isTrusted("::2"));
        assertFalse(addresses.isTrusted("localhost"));
        assertFalse(addresses.isTrusted("not an address"));
        // all hex digits, so the old check let it through to InetAddress.getByName, a DNS lookup per call
        assertFalse(addresses.isTrusted("cafe"));
        assertFalse(addresses.isTrusted("dead.beef"));
        ClientAddresses.Cidr v6 = ClientAddresses.Cidr.parse("2001:db8::/32");
        assertTrue(v6.contains("2001:db8:1::5"));
        assertFalse(v6.contains("2001:db9::1"));
        assertFalse(v6.contains("10.0.0.1"));
    }

    /** Only trustedProxies() is read; the rest of the interface is not needed here. */
    private static GatewayConfig config(List<String> trusted) {
        return (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("trustedProxies")) {
                        return trusted;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
