package com.smartsupport.llm.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.FakeBackends;
import com.smartsupport.llm.LlmServiceTestBase;
import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.testsupport.KafkaProbe;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Without a model, a message that plainly asks for an action still gets it proposed, through the same tools and
 * checks; a question about the policy proposes nothing; an order that cannot be returned is explained.
 */
@SpringBootTest
class OfflineActionsTest extends LlmServiceTestBase {

    @BeforeEach
    void reset() {
        backends.eligibility.clear();
    }

    @Test
    void aPlainRequestToReturnProposesTheReturnOfTheNamedOrder() {
        backends.eligibility.put(FakeBackends.CARLOS + "/ORD-80455", ToolCallingTest.ELIGIBLE);
        String conversation = "conv_" + UUID.randomUUID();

        send(conversation, FakeBackends.CARLOS, "I want to return my headphones, they stopped working");
        AssistantCompleted reply = completed(conversation);

        assertThat(reply.text()).contains("I've prepared this for you: Start a return", "press Confirm");
        ActionEvent action = codec.decode(
                        KafkaProbe.awaitRecord(bootstrap, Topics.ACTIONS, r -> conversation.equals(r.key()))
                                .value(),
                        ActionEvent.class)
                .payload();
        assertThat(action.kind()).isEqualTo("start_return");
        assertThat(action.arguments()).containsEntry("orderId", "ORD-80455").containsEntry("reason", "faulty");
        assertThat(action.replyId()).isEqualTo(reply.replyId());
    }

    @Test
    void anOrderThatCannotBeReturnedIsExplainedAndNothingIsProposed() {
        backends.eligibility.put(FakeBackends.CARLOS + "/ORD-80455", """
                {"orderId":"ORD-80455","product":"SoundWave ANC Headphones","eligible":false,"reason":"not_delivered",
                 "explanation":"ORD-80455 has not been delivered yet; it can be returned within 30 days once it arrives."}""");
        String conversation = "conv_" + UUID.randomUUID();

        send(conversation, FakeBackends.CARLOS, "I'd like to return my SoundWave headphones");

        assertThat(completed(conversation).text()).contains("ORD-80455 has not been delivered yet");
        assertThat(actions(conversation)).isEmpty();
    }

    @Test
    void aQuestionAboutThePolicyProposesNothing() {
        backends.eligibility.put(FakeBackends.CARLOS + "/ORD-80455", ToolCallingTest.ELIGIBLE);
        String conversation = "conv_" + UUID.randomUUID();

        send(conversation, FakeBackends.CARLOS, "How long do I have to return my SoundWave headphones?");

        assertThat(completed(conversation).text()).doesNotContain("I've prepared");
        assertThat(actions(conversation)).isEmpty();
    }

    @Test
    void whenTheReturnsSystemIsDownTheAnswerSaysSo() {
        backends.eligibility.put(FakeBackends.CARLOS + "/ORD-80455", "500");
        String conversation = "conv_" + UUID.randomUUID();

        send(conversation, FakeBackends.CARLOS, "I want to return my headphones");

        assertThat(completed(conversation).text()).contains("did not answer");
        assertThat(actions(conversation)).isEmpty();
    }

    private AssistantCompleted completed(String conversation) {
        List<EventEnvelope<JsonNode>> replies = awaitReplies(conversation);
        return codec.payload(replies.get(replies.size() - 1), AssistantCompleted.class);
    }

    private List<?> actions(String conversation) {
        return KafkaProbe.records(bootstrap, Topics.ACTIONS, r -> conversation.equals(r.key()), Duration.ofSeconds(2));
    }
}
