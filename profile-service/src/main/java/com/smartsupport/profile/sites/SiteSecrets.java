package com.smartsupport.profile.sites;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * How a site's HS256 secret is kept in MongoDB. HS256 verification needs the secret itself, so it cannot be stored
 * as a hash. With {@code smart.sites.secret-key} ({@code SMART_SITES_SECRET_KEY}: 32 random bytes, base64) it is
 * stored encrypted, AES-256-GCM with the site id as associated data ({@code v1:} and base64url of nonce and
 * ciphertext), so a copy of the database without that key holds no usable secret, and one site's ciphertext does
 * not open for another. Without the key it is stored as it is (a warning at start-up says so). Stored values from
 * before the key was set still work; each rotation stores the new secret encrypted.
 */
@Component
class SiteSecrets {
    private static final Logger log = LoggerFactory.getLogger(SiteSecrets.class);
    private static final String PREFIX = "v1:";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    SiteSecrets(SiteProperties properties) {
        this.key = properties.secretKey() == null ? null : new SecretKeySpec(decodeKey(properties.secretKey()), "AES");
        if (key == null) {
            log.warn("site secrets are stored unencrypted in MongoDB: set SMART_SITES_SECRET_KEY (32 random bytes,"
                    + " base64, e.g. `openssl rand -base64 32`) to encrypt them");
        }
    }

    static byte[] decodeKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("smart.sites.secret-key (SMART_SITES_SECRET_KEY) is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("smart.sites.secret-key (SMART_SITES_SECRET_KEY) must be 32 bytes"
                    + " (base64 of 32 random bytes), not " + bytes.length);
        }
        return bytes;
    }

    /** What to store for this site's secret. */
    String seal(String siteId, String secret) {
        if (key == null) {
            return secret;
        }
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(siteId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    }

    /**
     * The secret of a stored value. A value stored unencrypted comes back as it is; an encrypted one that this
     * instance cannot open (no key, another key) is a 503 and an error in the log: a configuration fault, not the
     * shop's.
     */
    String open(String siteId, String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        try {
            if (key == null) {
                throw new GeneralSecurityException("no key configured");
            }
            byte[] in = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
            cipher.updateAAD(siteId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            log.error(
                    "the secret of site {} cannot be decrypted ({}): is SMART_SITES_SECRET_KEY the key it was"
                            + " stored with? Rotating the site's secret stores a new one with the current key",
                    siteId,
                    e.getClass().getSimpleName());
            throw new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "This site's sign-in cannot be checked right now (server configuration)");
        }
    }
}
