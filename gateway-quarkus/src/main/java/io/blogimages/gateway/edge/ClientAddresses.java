package io.blogimages.gateway.edge;

import io.blogimages.gateway.GatewayConfig;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.util.List;

/**
 * The client's IP: the direct peer, unless the peer is a trusted proxy (the load balancer), in which case the
 * right-most address in X-Forwarded-For that is not itself a trusted proxy. Anything a client writes into the
 * header beyond that is ignored, so it cannot choose its own rate-limit bucket.
 */
@ApplicationScoped
public class ClientAddresses {

    private final List<Cidr> trusted;

    public ClientAddresses(GatewayConfig config) {
        this.trusted = config.trustedProxies().stream().map(Cidr::parse).toList();
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return clientIp(peer, request.getHeader("X-Forwarded-For"));
    }

    String clientIp(String peer, String forwardedFor) {
        if (!isTrusted(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!isIpLiteral(hop)) {
                // Our load balancer appends the address it saw; anything else here was written by a client
                return peer;
            }
            if (!isTrusted(hop)) {
                return bare(hop);
            }
        }
        return peer; // every hop is one of our proxies
    }

    /**
     * The client as a rate limit or a failure budget sees it: an IPv4 address, or the /64 network of an IPv6 one
     * (one subscriber gets a whole /64, so each of its addresses must not count as another client).
     */
    public static String networkKey(String ip) {
        if (!NetUtil.isValidIpV6Address(ip)) {
            return ip;
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(ip);
        if (address == null || address.length != 16) {
            return ip;
        }
        StringBuilder key = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            key.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff))).append(':');
        }
        return key.append(":/64").toString();
    }

    /** The network key of this request's client (see {@link #networkKey}). */
    public String keyOf(HttpServerRequest request) {
        return networkKey(of(request));
    }

    /** Whether the direct peer is one of the trusted proxies (whose forwarding headers count). */
    public boolean isTrustedPeer(String address) {
        return isTrusted(address);
    }

    private static boolean isIpLiteral(String text) {
        String t = bare(text);
        return NetUtil.isValidIpV4Address(t) || NetUtil.isValidIpV6Address(t);
    }

    private static String bare(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    boolean isTrusted(String address) {
        return trusted.stream().anyMatch(cidr -> cidr.contains(address));
    }

    record Cidr(BigInteger network, int prefix, int bits) {

        static Cidr parse(String text) {
            String[] parts = text.trim().split("/");
            byte[] address = literal(parts[0]);
            int bits = address.length * 8;
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("not a CIDR: " + text);
            }
            return new Cidr(mask(new BigInteger(1, address), prefix, bits), prefix, bits);
        }

        boolean contains(String text) {
            byte[] address;
            try {
                address = literal(text);
            } catch (IllegalArgumentException e) {
                return false;
            }
            return address.length * 8 == bits && mask(new BigInteger(1, address), prefix, bits).equals(network);
        }

        private static BigInteger mask(BigInteger value, int prefix, int bits) {
            return value.shiftRight(bits - prefix);
        }

        /**
         * Parses only IP literals, never a DNS lookup: {@code InetAddress.getByName} resolves anything that is not
         * one (a forwarded hop such as {@code cafe} or {@code beef.example} would have cost a lookup per request).
         */
        private static byte[] literal(String text) {
            byte[] address = NetUtil.createByteArrayFromIpAddressString(bare(text));
            if (address == null) {
                throw new IllegalArgumentException("not an IP literal: " + text);
            }
            return address;
        }
    }
}
