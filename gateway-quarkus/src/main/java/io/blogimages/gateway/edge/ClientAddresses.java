package io.blogimages.gateway.edge;

import io.blogimages.gateway.GatewayConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return hop;
            }
        }
        return peer; // every hop is one of our proxies
    }

    /** Whether the direct peer is one of the trusted proxies (whose forwarding headers count). */
    public boolean isTrustedPeer(String address) {
        return isTrusted(address);
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

        /** Parses only IP literals (never a DNS lookup). */
        private static byte[] literal(String text) {
            String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            if (!t.matches("[0-9.]+|[0-9a-fA-F:.]+") || t.isEmpty()) {
                throw new IllegalArgumentException("not an IP literal: " + text);
            }
            try {
                return InetAddress.getByName(t).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP literal: " + text, e);
            }
        }
    }
}
