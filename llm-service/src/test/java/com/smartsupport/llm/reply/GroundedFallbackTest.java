package com.smartsupport.llm.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.profile.CustomerProfile;
import com.smartsupport.llm.profile.CustomerProfile.Purchase;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundedFallbackTest {
    private final GroundedFallback fallback = new GroundedFallback();

    private final CustomerProfile carlos = new CustomerProfile(
            "c1",
            new CustomerProfile.Account("Carlos Díaz", null, "ACC-1", null, "en", "gold"),
            List.of(
                    purchase(
                            "ORD-1",
                            "UltraBook Pro 14",
                            LocalDate.of(2026, 9, 14),
                            "delivered",
                            LocalDate.of(2028, 9, 14)),
                    purchase(
                            "ORD-2",
                            "SoundWave ANC Headphones",
                            LocalDate.of(2026, 11, 19),
                            "shipped",
                            LocalDate.of(2027, 11, 19))),
            null,
            new CustomerProfile.Subscription("TechCare Plus", "active", LocalDate.of(2027, 1, 10)),
            null);

    private static Purchase purchase(String id, String product, LocalDate date, String status, LocalDate warranty) {
        return new Purchase(id, product, null, null, null, null, date, status, null, warranty);
    }

    @Test
    void aNamedProductIsTheOneAnswered() {
        String answer = fallback.answer(carlos, "Is my ultrabook still under warranty?");
        assertThat(answer).contains("UltraBook Pro 14", "2028-09-14").doesNotContain("SoundWave");
    }

    @Test
    void withoutANamedProductTheMostRecentPurchaseIsUsed() {
        assertThat(fallback.answer(carlos, "where is my order"))
                .contains("SoundWave ANC Headphones", "ORD-2", "shipped");
    }

    @Test
    void subscriptionAndAccountIntents() {
        assertThat(fallback.answer(carlos, "when does my subscription renew?")).contains("TechCare Plus", "2027-01-10");
        assertThat(fallback.answer(carlos, "what tier is my account")).contains("ACC-1", "gold");
    }

    @Test
    void everyAnswerIsMarkedAutomaticAndOffersAHuman() {
        for (String q : List.of("hello", "refund please", "warranty")) {
            assertThat(fallback.answer(carlos, q))
                    .startsWith("(Automatic answer.)")
                    .contains("Talk to a person");
        }
    }

    @Test
    void sparseOrMissingProfilesNeverBreakIt() {
        CustomerProfile empty = new CustomerProfile("c2", null, null, null, null, null);
        assertThat(fallback.answer(empty, "where is my order")).contains("can't find any orders");
        assertThat(fallback.answer(empty, "warranty?")).contains("can't find a purchase");
        assertThat(fallback.answer(null, "anything")).contains("can't reach your account");
    }
}
