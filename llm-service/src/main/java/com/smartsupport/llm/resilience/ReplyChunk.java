package com.smartsupport.llm.resilience;

import com.smartsupport.platform.events.AssistantCompleted.TokenUsage;

/** A piece of a streamed reply: text, and (on the last chunk of a model reply) the token usage. */
public record ReplyChunk(String text, TokenUsage usage) {
    public static ReplyChunk text(String text) {
        return new ReplyChunk(text, null);
    }
}
