package com.smartsupport.llm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.prompt.PromptBuilder;
import com.smartsupport.llm.prompt.PromptProperties;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The evaluation set stays loadable and consistent even where no model key is available to run it. */
class EvalSetTest {
    @Test
    void everyCaseNamesAKnownProfileValidPatternsAndBuildsAPromptWithItsFacts() throws Exception {
        ModelEvaluationTest.EvalSet set;
        try (InputStream in = getClass().getResourceAsStream("/eval/support-eval-v1.json")) {
            set = JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build()
                    .readValue(in, ModelEvaluationTest.EvalSet.class);
        }
        assertThat(set.version()).isEqualTo(1);
        assertThat(set.cases()).hasSizeGreaterThanOrEqualTo(10);
        PromptBuilder builder = new PromptBuilder(PromptProperties.defaults());
        for (var c : set.cases()) {
            assertThat(set.profiles()).as(c.id()).containsKey(c.profile());
            if (c.mustMention() != null) {
                c.mustMention().forEach(Pattern::compile);
            }
            if (c.mustNotMention() != null) {
                c.mustNotMention().forEach(Pattern::compile);
            }
            var prompt = builder.build(set.profiles().get(c.profile()), null, "eval", c.question());
            assertThat(prompt.tokens()).isLessThanOrEqualTo(3000);
            assertThat(prompt.all())
                    .contains(set.profiles().get(c.profile()).account().accountNumber());
        }
    }
}
