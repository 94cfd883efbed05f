package io.blogimages.auth.token;

import io.blogimages.auth.AuthConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RSA keys of the service: one signs access tokens, every configured key is published in the JWKS, so a
 * rotation (publish the next key, switch signing to it, retire the old one after the access-token lifetime)
 * never invalidates a token already issued. A key's {@code kid} is its RFC 7638 thumbprint.
 */
@Startup
@Singleton
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    static final String ALGORITHM = "RS256";

    private final String signingKid;
    private final PrivateKey signingKey;
    private final Map<String, RSAPublicKey> publishedKeys;
    private final String jwksJson;

    public SigningKeys(AuthConfig config) {
        AuthConfig.Signing signing = config.signing();
        Path location = signing.keyLocation();
        if (!Files.exists(location)) {
            if (!signing.generateIfMissing()) {
                throw new IllegalStateException("No signing key at " + location + " (auth.signing.key-location). "
                        + "Mount the key Secret there, or set auth.signing.generate-if-missing=true for a local run.");
            }
            generate(location);
        }
        PrivateKey privateKey = readPrivateKey(location);
        RSAPublicKey publicKey = publicKeyOf(privateKey, location);

        Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
        this.signingKid = thumbprint(publicKey);
        this.signingKey = privateKey;
        keys.put(signingKid, publicKey);
        for (Path published : signing.publishedKeyLocations().orElse(List.of())) {
            RSAPublicKey key = readPublishedKey(published);
            keys.putIfAbsent(thumbprint(key), key);
        }
        this.publishedKeys = Map.copyOf(keys);
        this.jwksJson = toJwks(keys);
        LOG.infof("signing with key %s; publishing %d key(s): %s", signingKid, keys.size(), keys.keySet());
    }

    public String signingKid() {
        return signingKid;
    }

    PrivateKey signingKey() {
        return signingKey;
    }

    /**
     * A secret for another purpose (the device cookies' HMAC), derived from the signing key: every replica holds
     * the same key file, so every replica derives the same secret, and nothing new has to be distributed. It
     * changes when the signing key does (a rotation makes devices untrusted once, nothing worse).
     */
    public byte[] derivedSecret(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(signingKey.getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, RSAPublicKey> publishedKeys() {
        return publishedKeys;
    }

    /** The JWK Set of every published key: {@code kty, kid, use, alg, n, e}. */
    public String jwksJson() {
        return jwksJson;
    }

    static String thumbprint(RSAPublicKey key) {
        return new RsaJsonWebKey(key).calculateBase64urlEncodedThumbprint("SHA-256");
    }

    private static String toJwks(Map<String, RSAPublicKey> keys) {
        List<JsonWebKey> jwks = new ArrayList<>();
        keys.forEach((kid, key) -> {
            RsaJsonWebKey jwk = new RsaJsonWebKey(key);
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm(ALGORITHM);
            jwks.add(jwk);
        });
        return new JsonWebKeySet(jwks).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static PrivateKey readPrivateKey(Path location) {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + location, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("not a PKCS#8 PEM RSA private key: " + location, e);
        }
    }

    /** A published key file may hold a public key or (the previous signing key's file) a private one. */
    private static RSAPublicKey readPublishedKey(Path location) {
        try {
            String pem = Files.readString(location);
            if (pem.contains("PRIVATE KEY")) {
                return publicKeyOf(KeyUtils.decodePrivateKey(pem), location);
            }
            PublicKey key = KeyUtils.decodePublicKey(pem);
            if (key instanceof RSAPublicKey rsa) {
                return rsa;
            }
            throw new IllegalStateException("not an RSA key: " + location);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the published key " + location, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not a PEM RSA key: " + location, e);
        }
    }

    private static RSAPublicKey publicKeyOf(PrivateKey key, Path location) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException("the signing key must be an RSA private key with CRT parameters: " + location);
        }
        try {
            BigInteger modulus = crt.getModulus();
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(modulus, crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a new 2048-bit RSA private key as PKCS#8 PEM, readable by the owner only. */
    private static void generate(Path location) {
        try {
            KeyPair pair = KeyUtils.generateKeyPair(2048);
            String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded());
            String pem = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
            Path parent = location.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, "signing-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, pem);
            Files.move(temp, location); // atomic enough: two starts racing leave one complete key
            LOG.infof("generated a new signing key at %s", location);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            LOG.debugf("another process generated %s first", location);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a signing key at " + location, e);
        }
    }
}
