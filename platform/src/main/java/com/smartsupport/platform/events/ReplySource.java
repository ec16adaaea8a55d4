package com.smartsupport.platform.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an assistant reply came from: the model, or the automatic answer built from the customer's own data. */
public enum ReplySource {
    LLM("llm"),
    FALLBACK("fallback");

    private final String wire;

    ReplySource(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
