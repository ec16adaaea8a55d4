package com.smartsupport.llm.prompt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts and cuts texts with the model's own tokenizer (jtokkit, o200k_base). Token counts of longer texts are
 * remembered (bounded): the policy, a customer's profile summary and the sections of a prompt are counted several
 * times per reply and again for the customer's next message (tokenising was the largest cost of building a prompt,
 * CHANGELOG.md).
 */
public final class TokenCounter {
    private static final int REMEMBER_FROM_LENGTH = 64;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private final Cache<String, Integer> counted =
            Caffeine.newBuilder().maximumSize(2048).build();

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() < REMEMBER_FROM_LENGTH) {
            return encoding.countTokens(text);
        }
        return counted.get(text, encoding::countTokens);
    }

    /** Cuts a text to at most {@code maxTokens}, marking the cut. */
    public String truncate(String text, int maxTokens) {
        if (maxTokens <= 0) {
            return "";
        }
        if (count(text) <= maxTokens) {
            return text;
        }
        return encoding.decode(encoding.encode(text, Math.max(0, maxTokens - 3)).getTokens()) + " […]";
    }
}
