package com.smartsupport.platform.events;

/** A record that is not a readable event: never retried, sent to the dead-letter topic at once. */
public class EventDecodingException extends RuntimeException {
    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
