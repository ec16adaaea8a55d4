package com.smartsupport.llm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.prompt.PromptBuilder;
import com.smartsupport.llm.prompt.PromptProperties;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The versioned evaluation set (src/test/resources/eval/support-eval-v1.json) against a real model: each case
 * builds the production prompt for a profile and a question and checks the answer uses the facts it must and
 * none it must not. Runs only when OPENAI_API_KEY is set (OPENAI_BASE_URL and OPENAI_MODEL are honoured);
 * prints the accuracy and fails below 80 %.
 */
@EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
@SpringBootTest
class ModelEvaluationTest {
    record EvalCase(
            String id, String profile, String question, List<String> mustMention, List<String> mustNotMention) {}

    record EvalSet(int version, Map<String, CustomerProfile> profiles, List<EvalCase> cases) {}

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfra.register(registry);
    }

    @Autowired
    ChatModel model;

    @Test
    void answersUseTheCustomersOwnFactsAndStayOnTopic() throws Exception {
        EvalSet set;
        try (InputStream in = getClass().getResourceAsStream("/eval/support-eval-v1.json")) {
            set = JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build()
                    .readValue(in, EvalSet.class);
        }
        PromptBuilder builder = new PromptBuilder(PromptProperties.defaults());
        int passed = 0;
        for (EvalCase c : set.cases()) {
            var prompt = builder.build(set.profiles().get(c.profile()), null, "eval", c.question());
            List<Message> messages = prompt.messages().stream()
                    .map(m -> (Message)
                            switch (m.role()) {
                                case SYSTEM -> new SystemMessage(m.text());
                                case USER -> new UserMessage(m.text());
                                case ASSISTANT -> new AssistantMessage(m.text());
                            })
                    .toList();
            String answer =
                    model.call(new Prompt(messages)).getResult().getOutput().getText();
            boolean ok = matchesAll(answer, c.mustMention()) && matchesNone(answer, c.mustNotMention());
            passed += ok ? 1 : 0;
            System.out.printf(
                    "EVAL v%d %-20s %s  %s%n", set.version(), c.id(), ok ? "PASS" : "FAIL", answer.replace('\n', ' '));
        }
        double accuracy = (double) passed / set.cases().size();
        System.out.printf(
                "EVAL v%d accuracy: %d/%d = %.0f %%%n",
                set.version(), passed, set.cases().size(), accuracy * 100);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.8);
    }

    private static boolean matchesAll(String text, List<String> patterns) {
        return patterns == null
                || patterns.stream()
                        .allMatch(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)
                                .matcher(text)
                                .find());
    }

    private static boolean matchesNone(String text, List<String> patterns) {
        return patterns == null
                || patterns.stream()
                        .noneMatch(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)
                                .matcher(text)
                                .find());
    }
}
