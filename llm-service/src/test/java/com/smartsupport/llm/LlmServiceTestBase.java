package com.smartsupport.llm;

import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import com.smartsupport.platform.testsupport.FakeOpenAi;
import com.smartsupport.platform.testsupport.KafkaProbe;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What llm-service's integration tests share: the fake OpenAI-compatible server and the fake profile- and
 * conversation-service (one of each per test JVM), the embedded Kafka broker, and sending a customer message
 * and reading back the reply events. Subclasses set {@code spring.ai.openai.api-key} in {@code @SpringBootTest}
 * properties: it must be there before the environment post-processors run, or the service starts offline.
 */
abstract class LlmServiceTestBase {
    static final FakeOpenAi openAi = new FakeOpenAi();
    static final FakeBackends backends = new FakeBackends();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfra.register(registry);
        registry.add("smart.backends.client-secret", () -> "test-secret");
        registry.add("spring.ai.openai.base-url", openAi::baseUrl);
        registry.add("smart.backends.profile-service-url", backends::url);
        registry.add("smart.backends.conversation-service-url", backends::url);
    }

    @Autowired
    EventPublisher events;
    @Autowired
    EventCodec codec;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    /** Publishes a customer message as conversation-service would; returns its id. */
    String send(String conversation, String customer, String text) {
        String messageId = "msg_" + UUID.randomUUID();
        events.publish(Topics.CUSTOMER_MESSAGES, EventEnvelope.withId(messageId, conversation, customer,
                new CustomerMessagePosted(messageId, text))).block(Duration.ofSeconds(10));
        return messageId;
    }

    /** The reply events of a conversation, in order, up to and including the first completed reply. */
    List<EventEnvelope<JsonNode>> awaitReplies(String conversation) {
        return KafkaProbe.awaitRecords(bootstrap, Topics.ASSISTANT_REPLIES, r -> conversation.equals(r.key()),
                        r -> r.value().contains("\"type\":\"" + AssistantCompleted.TYPE + "\""))
                .stream().map(r -> codec.decode(r.value())).toList();
    }
}
