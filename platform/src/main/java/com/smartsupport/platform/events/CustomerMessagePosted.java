package com.smartsupport.platform.events;

/**
 * A customer wrote in a conversation (topic {@link Topics#CUSTOMER_MESSAGES}).
 *
 * @param messageId the stored message; the reply to it is idempotent per this id
 * @param text      what the customer wrote, 1-4,000 characters
 */
public record CustomerMessagePosted(String messageId, String text) implements EventPayload {
    public static final String TYPE = "customer.message";

    @Override
    public String eventType() {
        return TYPE;
    }
}
