package com.smartsupport.llm.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.LlmServiceTestBase;
import com.smartsupport.platform.testsupport.FakeOpenAi;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * With {@code SMART_KNOWLEDGE_EMBEDDINGS=openai} and a key, the knowledge base embeds through the real Spring AI
 * OpenAI client against the fake OpenAI-compatible server's {@code /v1/embeddings}: passages when an article is
 * stored, the question when one is asked.
 */
@SpringBootTest(
        properties = {
            "spring.ai.openai.api-key=test-key",
            "smart.knowledge.embeddings=openai",
            "spring.kafka.listener.auto-startup=false"
        })
class OpenAiEmbeddingsTest extends LlmServiceTestBase {
    @Autowired
    Embedder embedder;

    @Autowired
    KnowledgeBase knowledge;

    @Autowired
    KnowledgeIndex index;

    @Test
    void articlesAndQuestionsAreEmbeddedByTheConfiguredServer() {
        assertThat(embedder).isInstanceOf(OpenAiEmbedder.class);
        assertThat(embedder.dimension()).isEqualTo(FakeOpenAi.EMBEDDING_DIMENSIONS);
        openAi.reset();

        String run = UUID.randomUUID().toString().substring(0, 6);
        Article article = knowledge
                .create(new ArticleInput(
                        "gift-cards-" + run,
                        "Gift cards",
                        "## Buying gift cards\n"
                                + "SMART Shop gift cards come in values from 10 to 500 dollars and never expire.",
                        "en",
                        List.of(),
                        List.of(),
                        "public"))
                .block(Duration.ofSeconds(30));
        assertThat(openAi.embeddingRequests())
                .anySatisfy(body -> assertThat(body).contains("never expire"));

        var hits = index.search(KnowledgeQuery.forCustomer("do your gift cards expire", "en", Set.of(), 5))
                .hits();
        assertThat(hits).extracting(h -> h.passage().articleId()).contains(article.id());
        assertThat(openAi.embeddingRequests())
                .anySatisfy(body -> assertThat(body).contains("do your gift cards expire"));
    }
}
