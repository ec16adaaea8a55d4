package com.smartsupport.llm.resilience;

import com.smartsupport.llm.prompt.PromptBuilder.BuiltPrompt;
import com.smartsupport.platform.events.AssistantCompleted.TokenUsage;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;
import reactor.core.publisher.Flux;

/** Streams a reply from the configured OpenAI-compatible model through Spring AI. */
public class ModelReplies {
    private final ChatModel model;
    private final String modelName;

    /**
     * @param modelName sent with every request: per-request options replace the configured defaults, so the
     *                  configured model ({@code OPENAI_MODEL}) must be named here or the client's own default wins
     */
    public ModelReplies(ChatModel model, String modelName) {
        this.model = model;
        this.modelName = modelName;
    }

    public Flux<ReplyChunk> stream(BuiltPrompt prompt) {
        List<Message> messages = prompt.messages().stream()
                .map(m -> (Message)
                        switch (m.role()) {
                            case SYSTEM -> new SystemMessage(m.text());
                            case USER -> new UserMessage(m.text());
                            case ASSISTANT -> new AssistantMessage(m.text());
                        })
                .toList();
        Prompt request = new Prompt(
                messages,
                OpenAiChatOptions.builder().model(modelName).streamUsage(true).build());
        return model.stream(request)
                .map(ModelReplies::toChunk)
                .filter(c -> !c.text().isEmpty() || c.usage() != null);
    }

    private static ReplyChunk toChunk(ChatResponse response) {
        String text = response.getResult() == null
                        || response.getResult().getOutput() == null
                        || response.getResult().getOutput().getText() == null
                ? ""
                : response.getResult().getOutput().getText();
        Usage usage =
                response.getMetadata() == null ? null : response.getMetadata().getUsage();
        TokenUsage tokens = usage == null || usage.getTotalTokens() == null || usage.getTotalTokens() == 0
                ? null
                : new TokenUsage(nz(usage.getPromptTokens()), nz(usage.getCompletionTokens()));
        return new ReplyChunk(text, tokens);
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }
}
