package com.smartsupport.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The {@code Idempotency-Key} request header: a client's id for one message (a UUID, say), sent again unchanged
 * when it retries it. The id of what the request creates is derived from the key and its scope, so a retry after a
 * lost response names the same thing instead of creating a second one.
 */
public final class IdempotencyKeys {
    public static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    private IdempotencyKeys() {}

    /** The key as sent (null for none); a malformed one is a 400. */
    public static String validated(String key) {
        if (key != null && !VALID.matcher(key).matches()) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, HEADER + " must be 8 to 64 letters, digits, '-' or '_'");
        }
        return key;
    }

    /**
     * {@code prefix} plus 32 hex digits: derived from the key and the scope (e.g. the conversation and the caller)
     * when there is a key, random without one. A malformed key is a 400.
     */
    public static String idFor(String prefix, String key, String... scope) {
        if (key == null) {
            return prefix + UUID.randomUUID().toString().replace("-", "");
        }
        validated(key);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((String.join("\n", scope) + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
