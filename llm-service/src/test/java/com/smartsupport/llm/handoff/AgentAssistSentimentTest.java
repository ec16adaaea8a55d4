package com.smartsupport.llm.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.assist.AgentAssist;
import com.smartsupport.llm.conversation.Transcript;
import com.smartsupport.llm.conversation.Transcript.Role;
import com.smartsupport.llm.conversation.Transcript.Turn;
import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.prompt.PromptBuilder;
import com.smartsupport.llm.prompt.PromptBuilder.BuiltPrompt;
import com.smartsupport.llm.prompt.PromptProperties;
import com.smartsupport.llm.reply.GroundedFallback;
import com.smartsupport.llm.reply.Grounding;
import com.smartsupport.llm.reply.OutputGuard;
import com.smartsupport.llm.resilience.ModelReplies;
import com.smartsupport.llm.resilience.ModelResilienceProperties;
import com.smartsupport.llm.resilience.ReplyChunk;
import com.smartsupport.llm.resilience.ResilientModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The hand-off summary's sentiment ({@link AgentAssist#summarise}): the model's label when it gives one of the
 * three, the lexicon's otherwise. Here, beside the lexicon, since the summary's sentiment is the lexicon's at
 * work; {@link AgentAssist}'s constructor is its package's, so the test reaches it by reflection.
 */
class AgentAssistSentimentTest {
    private static final HandoffDetector DETECTOR = new HandoffDetector(new HandoffProperties(null, null));
    private static final CustomerProfile PROFILE = new CustomerProfile("cus_1", null, null, null, null, null);
    private static final Transcript FLICKERING = new Transcript(
            "conv_1",
            "cus_1",
            "WITH_AGENT",
            List.of(
                    new Turn("m1", Role.CUSTOMER, "My TV screen flickers.", Instant.now(), null),
                    new Turn("r1", Role.ASSISTANT, "Please restart it.", Instant.now(), "llm"),
                    new Turn(
                            "m2",
                            Role.CUSTOMER,
                            "I tried restarting it twice, still flickering, this is frustrating",
                            Instant.now(),
                            null)));

    @Test
    void withoutAModelTheSummaryCallsTheFrustratingExampleNegative() {
        var summary = assist(Optional.empty()).summarise(PROFILE, FLICKERING).block(Duration.ofSeconds(5));
        assertThat(summary.source()).isEqualTo("fallback");
        assertThat(summary.sentiment())
                .startsWith("negative (score ")
                .contains("\"frustrating\" +2 (frustrat)", "\"still\" +1 (repeated)");
    }

    @Test
    void withoutAModelPositiveAndNeutralConversationsAreSaidSo() {
        var thanks = new Transcript(
                "c",
                "cus_1",
                "WITH_AGENT",
                List.of(new Turn("m1", Role.CUSTOMER, "Merci beaucoup, ça marche maintenant !", Instant.now(), null)));
        assertThat(assist(Optional.empty()).summarise(PROFILE, thanks).block().sentiment())
                .startsWith("positive (score ");
        var question = new Transcript(
                "c",
                "cus_1",
                "WITH_AGENT",
                List.of(new Turn("m1", Role.CUSTOMER, "¿Puedo pagar a plazos?", Instant.now(), null)));
        assertThat(assist(Optional.empty()).summarise(PROFILE, question).block().sentiment())
                .isEqualTo("neutral (no sentiment signals)");
    }

    @Test
    void theModelsLabelIsUsedWhenItGivesOneAndTheLexiconsOtherwise() {
        assertThat(summarisedWith("Angry").sentiment()).isEqualTo("negative");
        assertThat(summarisedWith("Neutral.").sentiment()).isEqualTo("neutral");
        assertThat(summarisedWith("The customer is frustrated").sentiment()).isEqualTo("negative");
        // a label the summary does not know, or none: the lexicon's reading of the transcript
        assertThat(summarisedWith("mixed").sentiment()).startsWith("negative (score ");
        assertThat(summarisedWith("not angry").sentiment()).startsWith("negative (score ");
        assertThat(summarisedWith("").sentiment()).startsWith("negative (score ");
    }

    private static AgentAssist.Summary summarisedWith(String modelSentiment) {
        String answer = "{\"issue\":\"TV flickers\",\"tried\":\"A restart\",\"sentiment\":\"" + modelSentiment
                + "\",\"nextStep\":\"Offer a repair\"}";
        var summary = assist(Optional.of(modelAnswering(answer)))
                .summarise(PROFILE, FLICKERING)
                .block(Duration.ofSeconds(5));
        assertThat(summary.source()).isEqualTo("llm");
        return summary;
    }

    private static ResilientModel modelAnswering(String text) {
        return new ResilientModel(
                new ModelReplies(null, "fake"),
                new ModelResilienceProperties(
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null),
                new SimpleMeterRegistry()) {
            @Override
            public Flux<ReplyChunk> stream(BuiltPrompt prompt) {
                return Flux.just(ReplyChunk.text(text));
            }
        };
    }

    private static AgentAssist assist(Optional<ResilientModel> model) {
        try {
            Constructor<AgentAssist> c = AgentAssist.class.getDeclaredConstructor(
                    Optional.class,
                    PromptBuilder.class,
                    HandoffDetector.class,
                    GroundedFallback.class,
                    OutputGuard.class,
                    Grounding.class);
            c.setAccessible(true);
            return c.newInstance(model, new PromptBuilder(PromptProperties.defaults()), DETECTOR, null, null, null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
