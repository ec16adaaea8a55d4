package com.smartsupport.llm.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who may read an article: {@code public} for customers (and the assistant that answers them), {@code internal} for agents only. */
public enum Visibility {
    PUBLIC,
    INTERNAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code public} or {@code internal}; anything else is a bad request. */
    @JsonCreator
    public static Visibility parse(String value) {
        if (value != null) {
            for (Visibility v : values()) {
                if (v.wire().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return v;
                }
            }
        }
        throw new InvalidArticleException("visibility must be 'public' or 'internal'");
    }
}
