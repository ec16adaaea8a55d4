package com.smartsupport.llm.actions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * An action's id, derived from the reply that proposes it and what it does: a reply answered again (a redelivered
 * message, a retried model call) proposes the same id, which conversation-service stores once. It is also the
 * {@code Idempotency-Key} of the write, so it fits that header's format.
 */
final class ActionIds {
    private ActionIds() {}

    static String of(String replyId, String kind, Map<String, String> arguments) {
        String key = replyId + "|" + kind + "|" + new TreeMap<>(arguments);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "act_" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
