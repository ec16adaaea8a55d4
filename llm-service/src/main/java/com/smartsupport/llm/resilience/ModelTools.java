package com.smartsupport.llm.resilience;

import java.util.List;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.publisher.Mono;

/**
 * The tools a model may call while it writes one reply, and how many rounds of calls it gets. {@link ModelReplies}
 * runs the loop: the model's tool calls are answered by {@link #call} (which never fails: a failure is an answer
 * the model can be honest about) and the model is asked again; once the rounds are used up, or the reply's time
 * for tools has passed, it is asked without tools, so that it answers in words.
 */
public interface ModelTools {
    /** No tools: one plain model call. */
    ModelTools NONE = new ModelTools() {
        @Override
        public List<ToolDefinition> definitions() {
            return List.of();
        }

        @Override
        public Mono<String> call(String name, String arguments) {
            return Mono.just("{\"error\":\"no tools\"}");
        }

        @Override
        public boolean mayCallMore(int roundsDone) {
            return false;
        }

        @Override
        public String outOfRounds() {
            return "";
        }
    };

    List<ToolDefinition> definitions();

    /** Runs one tool call; the answer (JSON for the model) says what happened, also when it failed. */
    Mono<String> call(String name, String arguments);

    /** Whether the model may be offered the tools again after {@code roundsDone} rounds of calls. */
    boolean mayCallMore(int roundsDone);

    /** What the customer reads when the model still asks for tools after its last round. */
    String outOfRounds();
}
