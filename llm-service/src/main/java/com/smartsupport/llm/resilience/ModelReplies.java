package com.smartsupport.llm.resilience;

import com.smartsupport.llm.prompt.PromptBuilder.BuiltPrompt;
import com.smartsupport.platform.events.AssistantCompleted.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.publisher.Flux;

/**
 * Streams a reply from the configured OpenAI-compatible model through Spring AI, running the tool loop itself
 * (Spring AI 2's {@code ChatModel} returns the model's tool calls without executing them): text chunks stream as
 * they come; a round that asks for tools is answered with {@link ModelTools#call} and the model is asked again with
 * the calls and their answers, until it answers in words or {@link ModelTools#mayCallMore} says no more.
 */
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
        return stream(prompt, ModelTools.NONE);
    }

    public Flux<ReplyChunk> stream(BuiltPrompt prompt, ModelTools tools) {
        List<Message> messages = prompt.messages().stream()
                .map(m -> (Message)
                        switch (m.role()) {
                            case SYSTEM -> new SystemMessage(m.text());
                            case USER -> new UserMessage(m.text());
                            case ASSISTANT -> new AssistantMessage(m.text());
                        })
                .toList();
        return round(messages, tools, 0);
    }

    /** One model call; if it asks for tools, their answers and the next call follow. */
    private Flux<ReplyChunk> round(List<Message> messages, ModelTools tools, int roundsDone) {
        boolean offered = !tools.definitions().isEmpty() && (roundsDone == 0 || tools.mayCallMore(roundsDone));
        OpenAiChatOptions.Builder options =
                OpenAiChatOptions.builder().model(modelName).streamUsage(true);
        if (offered) {
            options.toolCallbacks(tools.definitions().stream()
                    .map(d -> (ToolCallback) new DefinitionOnly(d))
                    .toList());
        }
        AtomicReference<AssistantMessage> asked = new AtomicReference<>();
        Flux<ReplyChunk> text = model.stream(new Prompt(messages, options.build()))
                .map(response -> {
                    AssistantMessage output = output(response);
                    if (output != null && output.hasToolCalls()) {
                        asked.set(output);
                        ReplyChunk usage = toChunk(response);
                        return new ReplyChunk("", usage.usage());
                    }
                    return toChunk(response);
                })
                .filter(c -> !c.text().isEmpty() || c.usage() != null);
        return text.concatWith(Flux.defer(() -> {
            AssistantMessage calls = asked.get();
            if (calls == null) {
                return Flux.empty();
            }
            if (!offered) {
                // asked for tools it was not given: no more rounds; say so rather than end silently
                return Flux.just(ReplyChunk.text(tools.outOfRounds()));
            }
            return Flux.fromIterable(calls.getToolCalls())
                    .concatMap(call -> tools.call(call.name(), call.arguments())
                            .map(answer -> new ToolResponseMessage.ToolResponse(call.id(), call.name(), answer)))
                    .collectList()
                    .flatMapMany(answers -> {
                        List<Message> next = new ArrayList<>(messages);
                        next.add(AssistantMessage.builder()
                                .content(calls.getText())
                                .toolCalls(calls.getToolCalls())
                                .build());
                        next.add(
                                ToolResponseMessage.builder().responses(answers).build());
                        return round(next, tools, roundsDone + 1);
                    });
        }));
    }

    private static AssistantMessage output(ChatResponse response) {
        return response.getResult() == null ? null : response.getResult().getOutput();
    }

    /** A tool as the model sees it; {@link ModelReplies} runs the calls itself, so this one is never called. */
    private record DefinitionOnly(ToolDefinition definition) implements ToolCallback {
        @Override
        public ToolDefinition getToolDefinition() {
            return definition;
        }

        @Override
        public String call(String toolInput) {
            throw new UnsupportedOperationException("tool calls are run by ModelReplies");
        }
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
