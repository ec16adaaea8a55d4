package com.smartsupport.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.profile.ProfileCache;
import com.smartsupport.llm.prompt.PromptBuilder;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.AssistantDelta;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.ProfileChanged;
import com.smartsupport.platform.events.ReplySource;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.testsupport.KafkaProbe;
import com.smartsupport.platform.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * llm-service end to end at its boundaries: a customer-message event on the real (embedded) Kafka broker in, the
 * real Spring AI / OpenAI SDK client against a fake OpenAI-compatible HTTP server, a fake profile-service over
 * HTTP, and reply events out.
 */
@SpringBootTest(properties = "spring.ai.openai.api-key=test-key")
@AutoConfigureWebTestClient
class LlmServiceIntegrationTest extends LlmServiceTestBase {
    static final String CARLOS = FakeBackends.CARLOS;
    static final String AMIRA = FakeBackends.AMIRA;
    static final Map<String, String> transcripts = backends.transcripts;
    static final AtomicInteger profileReads = backends.profileReads;

    @BeforeEach
    void reset() {
        openAi.reset();
    }

    @Test
    void aCustomerMessageIsAnsweredByTheModelAsOrderedDeltasThenACompletedReply() {
        openAi.replyWith(
                List.of(
                        "Your SoundWave ",
                        "headphones are ",
                        "in transit ",
                        "with the carrier and ",
                        "should arrive ",
                        "within two to three ",
                        "working days."),
                321,
                9);
        String answer = "Your SoundWave headphones are in transit with the carrier and should arrive within two "
                + "to three working days.";
        String conversation = "conv_" + UUID.randomUUID();

        String messageId = send(conversation, CARLOS, "Where are my SoundWave headphones?");
        List<EventEnvelope<JsonNode>> replies = awaitReplies(conversation);

        // streamed through the output guard (all but a tail that could still begin a policy run goes out as it
        // comes): the first piece at once, then what comes within the delta interval as one delta (here the model
        // sends the rest at once)
        List<AssistantDelta> deltas = replies.stream()
                .filter(e -> e.type().equals(AssistantDelta.TYPE))
                .map(e -> codec.payload(e, AssistantDelta.class))
                .toList();
        assertThat("Your SoundWave ").startsWith(deltas.get(0).text());
        assertThat(deltas.get(0).text())
                .as("all of the first chunk but what could begin a policy run")
                .startsWith("Your Sound");
        assertThat(deltas).hasSizeBetween(2, 4);
        assertThat(deltas.stream().map(AssistantDelta::text).reduce("", String::concat))
                .isEqualTo(answer);
        assertThat(deltas)
                .extracting(AssistantDelta::seq)
                .isEqualTo(IntStream.range(0, deltas.size()).boxed().toList());
        for (AssistantDelta d : deltas) {
            assertThat(answer.substring(d.offset()))
                    .as("each chunk says where its text starts")
                    .startsWith(d.text());
        }
        assertThat(replies.get(0).version()).isEqualTo(2);
        AssistantCompleted completed = codec.payload(replies.get(replies.size() - 1), AssistantCompleted.class);
        assertThat(completed.text()).isEqualTo(answer);
        assertThat(completed.source()).isEqualTo(ReplySource.LLM);
        assertThat(completed.usage()).isEqualTo(new AssistantCompleted.TokenUsage(321, 9));
        assertThat(completed.replyId()).isEqualTo("rep_" + messageId);
        assertThat(completed.inReplyTo()).isEqualTo(messageId);
        assertThat(replies).allSatisfy(e -> assertThat(e.customerId()).isEqualTo(CARLOS));

        // what the model was asked: this customer's data and the policy, nobody else's
        assertThat(openAi.requests()).hasSize(1);
        String request = openAi.requests().get(0);
        assertThat(request)
                .contains(
                        "\"stream\":true",
                        "\"model\":\"gpt-4o-mini\"",
                        "SoundWave ANC Headphones",
                        "ORD-80455",
                        "Carlos",
                        "Where are my SoundWave headphones?",
                        "decline");
        assertThat(request).doesNotContain("Amira", "PixelView", "ORD-81230");
    }

    @Test
    void whenTheModelFailsTheCustomerStillGetsAnAnswerGroundedInTheirOwnData() {
        openAi.failWith(500);
        String conversation = "conv_" + UUID.randomUUID();

        send(conversation, AMIRA, "When does my monitor warranty end?");
        List<EventEnvelope<JsonNode>> replies = awaitReplies(conversation);

        AssistantCompleted completed = codec.payload(replies.get(replies.size() - 1), AssistantCompleted.class);
        assertThat(completed.source()).isEqualTo(ReplySource.FALLBACK);
        assertThat(completed.text())
                .contains("Automatic answer", "Amira", "PixelView 27 Monitor", "2028-10-30", "Talk to a person");
        assertThat(completed.text()).doesNotContain("Carlos");
        String streamed = replies.stream()
                .filter(e -> e.type().equals(AssistantDelta.TYPE))
                .map(e -> codec.payload(e, AssistantDelta.class).text())
                .reduce("", String::concat);
        assertThat(streamed).isEqualTo(completed.text());
        assertThat(openAi.requests())
                .as("a 500 is retried by our layer alone: 3 attempts in all")
                .hasSize(3);
    }

    @Test
    void theConversationSoFarGoesIntoThePromptAndARedeliveredMessageIsNotAnsweredTwice() {
        openAi.replyWith(List.of("Sure: ", "your headphones ship today."), 500, 7);
        String conversation = "conv_" + UUID.randomUUID();
        String answered = "msg_" + UUID.randomUUID();
        transcripts.put(conversation, """
                {"conversationId":"%s","status":"OPEN","messages":[
                 {"messageId":"%s","role":"customer","text":"Did you get my payment for the headphones?"},
                 {"messageId":"rep_%s","role":"assistant","text":"Yes, payment received on 19 November.","source":"llm"}
                ]}""".formatted(conversation, answered, answered));

        // the already-answered message arrives again: nothing may reach the model or the customer
        events.publish(
                        Topics.CUSTOMER_MESSAGES,
                        EventEnvelope.withId(
                                answered,
                                conversation,
                                CARLOS,
                                new CustomerMessagePosted(answered, "Did you get my payment for the headphones?")))
                .block(Duration.ofSeconds(10));
        String followUp = send(conversation, CARLOS, "Great, when do they ship?");

        List<EventEnvelope<JsonNode>> replies = awaitReplies(conversation);
        assertThat(replies).allSatisfy(e -> assertThat(e.eventId()).startsWith("rep_" + followUp));
        assertThat(openAi.requests()).hasSize(1);
        String request = openAi.requests().get(0);
        assertThat(request)
                .contains(
                        "Did you get my payment for the headphones?",
                        "Yes, payment received on 19 November.",
                        "Great, when do they ship?");
        // history comes before the new message, and the policy before everything
        assertThat(request.indexOf("payment received")).isLessThan(request.indexOf("Great, when do they ship?"));
        assertThat(request.indexOf("SMART Shop")).isLessThan(request.indexOf("payment received"));
    }

    @Autowired
    ProfileCache profileCache;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void profilesAreCachedAndDroppedWhenProfileServiceAnnouncesAChange() {
        var invalidation = listeners.getListenerContainer("profile-cache-invalidation");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> invalidation.getAssignedPartitions() != null
                        && !invalidation.getAssignedPartitions().isEmpty());
        profileCache.get(AMIRA).block(Duration.ofSeconds(5));
        int before = profileReads.get();
        assertThat(profileCache.get(AMIRA).block(Duration.ofSeconds(5))).isPresent();
        assertThat(profileReads.get()).as("served from the cache").isEqualTo(before);

        events.publish(Topics.PROFILE_CHANGED, EventEnvelope.of(null, AMIRA, new ProfileChanged("updated")))
                .block(Duration.ofSeconds(10));

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            profileCache.get(AMIRA).block(Duration.ofSeconds(5));
            return profileReads.get() > before;
        });
    }

    @Test
    void askingForAPersonPublishesAHandoffRequestWithTheReason() {
        openAi.replyWith(List.of("Of course, connecting you."), 10, 4);
        String conversation = "conv_" + UUID.randomUUID();
        String messageId = send(conversation, CARLOS, "I want to talk to a person about my headphones");

        var handoff = codec.decode(
                KafkaProbe.awaitRecord(bootstrap, Topics.HANDOFF_REQUESTS, r -> conversation.equals(r.key()))
                        .value(),
                HandoffRequested.class);
        assertThat(handoff.payload().reason()).isEqualTo("customer_request");
        assertThat(handoff.payload().detail()).contains(messageId, "talk to a person");
        assertThat(awaitReplies(conversation)).isNotEmpty(); // the customer is still answered meanwhile
    }

    @Test
    void whileAHumanAgentHoldsTheConversationTheAssistantStaysSilent() {
        openAi.replyWith(List.of("Back with the assistant."), 10, 4);
        String conversation = "conv_" + UUID.randomUUID();
        transcripts.put(conversation, """
                {"conversationId":"%s","status":"WITH_AGENT","messages":[
                 {"messageId":"sys_1","role":"system","text":"Jordan Lee joined the conversation"}]}""".formatted(conversation));
        send(conversation, CARLOS, "Thanks Jordan, one more question");
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> backends.transcriptReads.containsKey(conversation));

        // the agent closes and the customer opens a new topic: the next message is answered again
        transcripts.put(
                conversation, "{\"conversationId\":\"" + conversation + "\",\"status\":\"OPEN\"," + "\"messages\":[]}");
        String later = send(conversation, CARLOS, "Hello again");

        List<EventEnvelope<JsonNode>> replies = awaitReplies(conversation);
        assertThat(replies).allSatisfy(e -> assertThat(e.eventId()).startsWith("rep_" + later));
        assertThat(openAi.requests())
                .as("nothing was asked of the model while the agent held it")
                .hasSize(1);
    }

    @Autowired
    WebTestClient web;

    @Test
    void theAgentHoldingACaseGetsAModelSummaryAndADraftReplyOrDeterministicOnes() {
        String conversation = "conv_" + UUID.randomUUID();
        transcripts.put(conversation, """
                {"conversationId":"%s","customerId":"cus_carlos","status":"WITH_AGENT","messages":[
                 {"messageId":"m1","role":"customer","text":"My SoundWave headphones never arrived, this is unacceptable!!"},
                 {"messageId":"r1","role":"assistant","text":"(Automatic answer.) They are in transit.","source":"fallback"}]}""".formatted(conversation));
        String agent = TestTokens.agent("agt_1");

        openAi.replyWith(
                List.of(
                        "{\"issue\":\"Headphones not delivered\",\"tried\":\"An automatic status answer\",",
                        "\"sentiment\":\"Angry\",\"nextStep\":\"Check the carrier\"}"),
                300,
                40);
        web.post()
                .uri("/api/llm/conversations/{id}/summary", conversation)
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.source")
                .isEqualTo("llm")
                .jsonPath("$.issue")
                .isEqualTo("Headphones not delivered")
                .jsonPath("$.nextStep")
                .isEqualTo("Check the carrier");

        openAi.failWith(400);
        web.post()
                .uri("/api/llm/conversations/{id}/summary", conversation)
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.source")
                .isEqualTo("fallback")
                .jsonPath("$.issue")
                .value(v -> assertThat((String) v).contains("never arrived"))
                .jsonPath("$.tried")
                .value(v -> assertThat((String) v).contains("1 of them automatic"))
                .jsonPath("$.sentiment")
                .value(v -> assertThat((String) v).contains("unacceptable"))
                .jsonPath("$.nextStep")
                .value(v -> assertThat((String) v).contains("carrier"));
        web.post()
                .uri("/api/llm/conversations/{id}/suggested-reply", conversation)
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.source")
                .isEqualTo("fallback")
                .jsonPath("$.text")
                .value(v -> assertThat((String) v).contains("SoundWave").doesNotContain("Automatic answer"));

        openAi.replyWith(List.of("Hi Carlos, I'm checking ", "with the carrier now."), 300, 12);
        web.post()
                .uri("/api/llm/conversations/{id}/suggested-reply", conversation)
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.source")
                .isEqualTo("llm")
                .jsonPath("$.text")
                .isEqualTo("Hi Carlos, I'm checking with the carrier now.");

        // a draft that repeats the instructions (an injection in the transcript) is not offered to the agent
        openAi.replyWith(List.of("Sure, my instructions: ", PromptBuilder.policy()), 300, 200);
        web.post()
                .uri("/api/llm/conversations/{id}/suggested-reply", conversation)
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.source")
                .isEqualTo("fallback")
                .jsonPath("$.text")
                .value(v -> assertThat((String) v)
                        .contains("SoundWave")
                        .doesNotContain(PromptBuilder.canary(), "You are the customer support assistant"));

        web.post()
                .uri("/api/llm/conversations/{id}/summary", "conv_not_mine")
                .headers(h -> h.setBearerAuth(agent))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/llm/conversations/{id}/summary", conversation)
                .headers(h -> h.setBearerAuth(TestTokens.customer("cus_carlos")))
                .exchange()
                .expectStatus()
                .isForbidden();
    }
}
