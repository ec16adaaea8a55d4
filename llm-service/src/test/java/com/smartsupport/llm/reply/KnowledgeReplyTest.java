package com.smartsupport.llm.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.FakeBackends;
import com.smartsupport.llm.LlmServiceTestBase;
import com.smartsupport.llm.knowledge.Article;
import com.smartsupport.llm.knowledge.ArticleInput;
import com.smartsupport.llm.knowledge.KnowledgeBase;
import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.ReplySource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Answers grounded in the knowledge base, through the real reply path (Kafka in, the real OpenAI client against
 * the fake model, reply events out): the model is given the right passage numbered, never an internal article; the
 * completion cites only what was in the prompt; without a model the automatic answer quotes the passage with its
 * source; and a question no article or customer fact answers is declined in one sentence.
 */
@SpringBootTest(properties = "spring.ai.openai.api-key=test-key")
@AutoConfigureWebTestClient
class KnowledgeReplyTest extends LlmServiceTestBase {
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final Map<String, String> OTHER_TOPICS = Map.of(
            "carriers-and-tracking",
            "Orders ship with UPS or DHL; the tracking link is in the dispatch e-mail and on the order page.",
            "invoices-and-receipts",
            "Download a VAT invoice for any order from your account, under Orders, within seven years.",
            "bluetooth-pairing",
            "To pair a speaker, hold the power button for five seconds until the light blinks blue.",
            "change-delivery-address",
            "The delivery address can be changed until the order is packed; after that, contact the carrier.",
            "payment-methods",
            "We accept credit cards, PayPal and bank transfer; instalments are available from 200 dollars.",
            "firmware-updates",
            "Monitors update their firmware over USB; download the file from the product's support page.",
            "marketing-preferences",
            "Unsubscribe from newsletters with the link in any e-mail or in your account settings.",
            "international-shipping",
            "Shipping outside the EU may incur customs duties, paid by the recipient on delivery.",
            "damaged-on-arrival",
            "Report a parcel that arrives damaged within 48 hours, with photos of the box and the product.");

    @Autowired
    KnowledgeBase knowledge;

    static Article publicArticle;
    static Article internalArticle;

    @BeforeEach
    void articles() {
        openAi.reset();
        if (publicArticle == null) {
            publicArticle = knowledge
                    .create(new ArticleInput(
                            "headphone-trade-up-" + RUN,
                            "Headphone trade-up programme",
                            "## How the trade-up works\nSMART Shop takes back any old pair of headphones towards new "
                                    + "SoundWave ANC Headphones: bring or send the old pair and get a 40 dollar trade-up "
                                    + "credit on the new pair within 14 days.",
                            "en",
                            List.of("audio"),
                            List.of(),
                            "public"))
                    .block(Duration.ofSeconds(30));
            internalArticle = knowledge
                    .create(new ArticleInput(
                            "headphone-trade-up-internal-" + RUN,
                            "Headphone trade-up: agent approval",
                            "## Approving a trade-up\nAgents may raise the headphone "
                                    + "trade-up credit to 60 dollars for gold customers; code word INTERNAL-ZEBRA-"
                                    + RUN
                                    + ".",
                            "en",
                            List.of("audio"),
                            List.of(),
                            "internal"))
                    .block(Duration.ofSeconds(30));
            // the rest of a shop's help centre: how far the right passage stands out from the others is part of
            // the relevance judgement, so the test does not depend on what other test classes indexed
            OTHER_TOPICS.forEach((slug, body) -> knowledge
                    .create(new ArticleInput(
                            slug + "-" + RUN, slug.replace('-', ' '), body, "en", List.of(), List.of(), "public"))
                    .block(Duration.ofSeconds(30)));
        }
    }

    @Test
    void theModelIsGivenTheRightPassageNumberedAndTheReplyCitesIt() {
        openAi.replyWith(List.of("You get a 40 dollar credit ", "when you trade up your old pair [1]."), 400, 12);
        String conversation = "conv_" + UUID.randomUUID();
        send(conversation, FakeBackends.CARLOS, "Can I trade in my old headphones for the new SoundWave ones?");
        AssistantCompleted completed = completion(conversation);

        assertThat(completed.source()).isEqualTo(ReplySource.LLM);
        assertThat(completed.citations()).hasSize(1);
        AssistantCompleted.Citation citation = completed.citations().get(0);
        assertThat(citation.n()).isEqualTo(1);
        assertThat(citation.articleId()).isEqualTo(publicArticle.id());
        assertThat(citation.title()).isEqualTo("Headphone trade-up programme");
        assertThat(citation.passage()).contains("40 dollar trade-up credit");

        String request = openAi.requests().get(0);
        assertThat(request)
                .contains(
                        "Knowledge articles",
                        "[1] Headphone trade-up programme",
                        "40 dollar trade-up credit",
                        "Cite the articles you used");
        assertThat(request)
                .as("internal articles never reach a customer's prompt")
                .doesNotContain("INTERNAL-ZEBRA", "60 dollars", internalArticle.id());
    }

    @Test
    void aCitationOfANumberThePromptDidNotHoldIsDropped() {
        openAi.replyWith(List.of("Trade-ups give a credit [1][7]."), 400, 8);
        String conversation = "conv_" + UUID.randomUUID();
        send(conversation, FakeBackends.CARLOS, "how does the headphone trade-up programme work?");
        AssistantCompleted completed = completion(conversation);
        assertThat(completed.citations())
                .extracting(AssistantCompleted.Citation::n)
                .containsExactly(1);
    }

    @Test
    void withoutAModelTheAutomaticAnswerQuotesThePassageWithItsSource() {
        openAi.failWith(400); // rejected, not retried: the grounded fallback answers
        String conversation = "conv_" + UUID.randomUUID();
        send(conversation, FakeBackends.CARLOS, "How does the headphone trade-up programme work?");
        AssistantCompleted completed = completion(conversation);

        assertThat(completed.source()).isEqualTo(ReplySource.FALLBACK);
        assertThat(completed.text())
                .startsWith(GroundedFallback.MARK)
                .contains("Carlos", "[1]", "40 dollar trade-up credit", "Talk to a person")
                .doesNotContain("INTERNAL-ZEBRA");
        assertThat(completed.citations())
                .extracting(AssistantCompleted.Citation::articleId)
                .containsExactly(publicArticle.id());
    }

    @Test
    void aQuestionNothingAnswersIsDeclinedInOneSentenceWithoutAnUnrelatedOrder() {
        openAi.failWith(400);
        String conversation = "conv_" + UUID.randomUUID();
        send(conversation, FakeBackends.CARLOS, "Who won the football world cup in 2018?");
        AssistantCompleted completed = completion(conversation);

        assertThat(completed.text())
                .startsWith(GroundedFallback.MARK)
                .contains("I don't have information on that", "Talk to a person")
                .doesNotContain("ORD-80455", "[1]");
        assertThat(completed.citations()).isEmpty();
    }

    private AssistantCompleted completion(String conversation) {
        List<EventEnvelope<JsonNode>> replies = awaitReplies(conversation);
        return codec.payload(replies.get(replies.size() - 1), AssistantCompleted.class);
    }
}
