package com.smartsupport.llm;

import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import com.smartsupport.platform.testsupport.FakeOpenAi;
import com.smartsupport.platform.testsupport.FakeService;
import com.smartsupport.platform.testsupport.KafkaProbe;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What llm-service's integration tests share: the fake OpenAI-compatible server and the fake profile- and
 * conversation-service (one of each per test JVM), the embedded Kafka broker, and sending a customer message
 * and reading back the reply events. Subclasses set {@code spring.ai.openai.api-key} in {@code @SpringBootTest}
 * properties: it must be there before the environment post-processors run, or the service starts offline.
 */
public abstract class LlmServiceTestBase {
    protected static final FakeOpenAi openAi = new FakeOpenAi();
    protected static final FakeBackends backends = new FakeBackends();
    /** A base URL where nothing listens (a port taken and released). */
    protected static final String DEAD_INSTANCE = "http://127.0.0.1:" + FakeService.freePort();

    @DynamicPropertySource
    protected static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfra.register(registry);
        registry.add("smart.service-client.client-secret", () -> "test-secret");
        registry.add("spring.ai.openai.base-url", openAi::baseUrl);
        // two instances of each, the first one down: every call of every test goes through the load balancer's
        // retry on the next instance (Backends), as with SMART_INSTANCES=2 and one instance killed
        registry.add("smart.backends.instances.profile-service", () -> DEAD_INSTANCE + "," + backends.url());
        registry.add("smart.backends.instances.conversation-service", () -> DEAD_INSTANCE + "," + backends.url());
    }

    @Autowired
    protected EventPublisher events;

    @Autowired
    protected EventCodec codec;

    @Value("${spring.kafka.bootstrap-servers}")
    protected String bootstrap;

    /** Publishes a customer message as conversation-service would; returns its id. */
    protected String send(String conversation, String customer, String text) {
        String messageId = "msg_" + UUID.randomUUID();
        events.publish(
                        Topics.CUSTOMER_MESSAGES,
                        EventEnvelope.withId(
                                messageId, conversation, customer, new CustomerMessagePosted(messageId, text)))
                .block(Duration.ofSeconds(10));
        return messageId;
    }

    /** The reply events of a conversation, in order, up to and including the first completed reply. */
    protected List<EventEnvelope<JsonNode>> awaitReplies(String conversation) {
        return KafkaProbe.awaitRecords(
                        bootstrap,
                        Topics.ASSISTANT_REPLIES,
                        r -> conversation.equals(r.key()),
                        r -> r.value().contains("\"type\":\"" + AssistantCompleted.TYPE + "\""))
                .stream()
                .map(r -> codec.decode(r.value()))
                .toList();
    }
}
