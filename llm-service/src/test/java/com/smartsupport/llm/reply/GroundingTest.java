package com.smartsupport.llm.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.knowledge.KnowledgeIndex;
import com.smartsupport.llm.knowledge.KnowledgeProperties;
import com.smartsupport.llm.knowledge.KnowledgeSearch;
import com.smartsupport.llm.knowledge.MiniLmEmbedder;
import com.smartsupport.llm.knowledge.Passage;
import com.smartsupport.llm.knowledge.RetrievalEvaluation;
import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.CustomerProfile.Purchase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo questions a newcomer asks after {@code ./run}, through the customer's path with the real index of the
 * demo articles: which passages the answer may use, and the automatic answer built from them.
 */
class GroundingTest {
    static KnowledgeIndex index;
    static Grounding grounding;
    final GroundedFallback fallback = new GroundedFallback();

    static final CustomerProfile CARLOS = new CustomerProfile(
            "cus_carlos",
            new CustomerProfile.Account("Carlos Díaz", null, "ACC-100234", "Austin, TX, USA", "en", "gold"),
            List.of(
                    new Purchase(
                            "ORD-80455",
                            "SoundWave ANC Headphones",
                            "SW-ANC-700",
                            Map.of(),
                            new BigDecimal("249.99"),
                            "USD",
                            LocalDate.of(2026, 11, 19),
                            "shipped",
                            "in transit, carrier ParcelPro",
                            LocalDate.of(2027, 11, 19)),
                    new Purchase(
                            "ORD-77812",
                            "UltraBook Pro 14",
                            "UB14-2025",
                            Map.of(),
                            new BigDecimal("1899.00"),
                            "USD",
                            LocalDate.of(2026, 9, 14),
                            "delivered",
                            "delivered 2026-09-18",
                            LocalDate.of(2028, 9, 14))),
            null,
            null,
            List.of());
    static final CustomerProfile AMIRA = new CustomerProfile(
            "cus_amira",
            new CustomerProfile.Account("Amira Haddad", null, "ACC-200981", "Lyon, France", "fr", "standard"),
            List.of(new Purchase(
                    "ORD-81230",
                    "PixelView 27 Monitor",
                    "PV27-4K",
                    Map.of(),
                    new BigDecimal("529.00"),
                    "EUR",
                    LocalDate.of(2026, 10, 30),
                    "delivered",
                    "delivered 2026-11-04",
                    LocalDate.of(2028, 10, 30))),
            null,
            null,
            List.of());

    @BeforeAll
    static void build() {
        index = RetrievalEvaluation.demoIndex(new MiniLmEmbedder(), KnowledgeIndex.Thresholds.DEFAULT);
        grounding = new Grounding(
                new KnowledgeSearch(index, new SimpleMeterRegistry()),
                new KnowledgeProperties(null, null, null, null, null));
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    List<Passage> passages(CustomerProfile who, String question) {
        return grounding.forCustomer(who, question).block(Duration.ofSeconds(30));
    }

    @Test
    void aReturnQuestionNamingAnOwnedProductFindsTheReturnPolicyNotTheProductsWarranty() {
        List<Passage> found = passages(CARLOS, "How long do I have to return my SoundWave headphones?");
        assertThat(found).isNotEmpty();
        assertThat(found.get(0).slug()).isEqualTo("returns-and-refunds");

        GroundedFallback.Answer answer =
                fallback.answer(CARLOS, "How long do I have to return my SoundWave " + "headphones?", found);
        assertThat(answer.text())
                .startsWith(GroundedFallback.MARK)
                .contains(
                        "Hello Carlos.", "[1]", "30 days", "SoundWave ANC Headphones", "ORD-80455", "Talk to a person");
        assertThat(answer.sources()).extracting(Passage::slug).containsExactly("returns-and-refunds");
    }

    @Test
    void aTroubleshootingQuestionFindsTheProductsArticle() {
        List<Passage> found = passages(CARLOS, "my SoundWave headphones keep disconnecting from my phone");
        assertThat(found)
                .extracting(Passage::slug)
                .containsAnyOf("troubleshooting-soundwave-headphones", "bluetooth-pairing-and-connection-drops");
    }

    @Test
    void aFrenchCustomerGetsTheFrenchArticleAndAFrenchAnswer() {
        String question = "Combien de temps ai-je pour retourner mon écran ?";
        List<Passage> found = passages(AMIRA, question);
        assertThat(found).isNotEmpty();
        assertThat(found.get(0).language()).isEqualTo("fr");
        assertThat(fallback.answer(AMIRA, question, found).text())
                .startsWith("(Réponse automatique.) Bonjour Amira.")
                .contains("[1]", "centre d'aide");
    }

    @Test
    void trivaIsDeclinedInOneSentenceWithoutAnUnrelatedOrder() {
        String question = "Who won the football world cup in 2018?";
        List<Passage> found = passages(CARLOS, question);
        assertThat(found).isEmpty();
        String text = fallback.answer(CARLOS, question, found).text();
        assertThat(text).contains("I don't have information on that").doesNotContain("ORD-", "[1]");
    }

    @Test
    void productNamesAreTakenOutOfTheQuestionOnlyForOwnedProducts() {
        assertThat(Grounding.withoutProducts(
                        "How long do I have to return my SoundWave headphones?",
                        CARLOS.purchases().subList(0, 1)))
                .isEqualTo("How long do I have to return my ?");
        assertThat(Grounding.withoutProducts(
                        "Is order ORD-80455 (SW-ANC-700) late?",
                        CARLOS.purchases().subList(0, 1)))
                .isEqualTo("Is order () late?");
    }
}
