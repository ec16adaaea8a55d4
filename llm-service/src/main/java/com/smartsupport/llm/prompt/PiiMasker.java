package com.smartsupport.llm.prompt;

import com.smartsupport.platform.privacy.SecretRedactor;

/**
 * Removes what the model never needs from any text bound for a prompt: payment card numbers (kept as their last
 * four), passwords stated in text or fields (in several languages), bearer and other authorization credentials,
 * JWTs and API keys. The same masking as logs and dead-letter records ({@link SecretRedactor}), so a secret looks
 * the same wherever it was masked and one set of tests covers it.
 */
public final class PiiMasker {

    private PiiMasker() {}

    public static String mask(String text) {
        return SecretRedactor.redact(text);
    }
}
