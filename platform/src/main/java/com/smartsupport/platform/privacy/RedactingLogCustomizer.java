package com.smartsupport.platform.privacy;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Masks secrets in every string of every structured log line (the message, the exception message and stack
 * trace, MDC values, key-value pairs), whatever logged it: our code, Spring, Kafka's clients, a library's
 * exception. Applied to every service by {@code logging.structured.json.customizer} in smart-platform.yml, so a
 * card number, token or password that reaches a log statement is written masked ({@link SecretRedactor}).
 */
public class RedactingLogCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, SecretRedactor::redact));
    }
}
