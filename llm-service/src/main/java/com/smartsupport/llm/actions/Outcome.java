package com.smartsupport.llm.actions;

import com.smartsupport.platform.events.ActionEvent;
import java.util.Map;

/**
 * What a tool did: read something, proposed an action (the customer now sees its card), refused (not this
 * customer's order, not eligible, too many actions: {@code message} says why, for the customer), or failed (the
 * service that owns the data did not answer).
 */
sealed interface Outcome {
    record Read(Map<String, Object> facts) implements Outcome {}

    record Proposed(ActionEvent action, boolean alreadyWaiting) implements Outcome {}

    record Refused(String message) implements Outcome {}

    record Failed(String message) implements Outcome {}
}
