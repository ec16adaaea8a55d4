package com.smartsupport.llm.resilience;

/** The model stream failed after at least one chunk reached the customer. */
public class StreamBrokenException extends RuntimeException {
    public StreamBrokenException(Throwable cause) {
        super("the model stream broke after the first chunk: " + cause, cause);
    }
}
