package com.smartsupport.profile.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.events.Topics;
import com.smartsupport.profile.CustomerActionsTestBase;
import com.smartsupport.profile.customer.CustomerProfile.Preferences;
import com.smartsupport.profile.customer.CustomerProfile.Subscription;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** The customer pauses or cancels their plan and chooses how they are contacted. */
@SuppressWarnings("rawtypes")
class AccountActionsApiTest extends CustomerActionsTestBase {
    static final String PAUSE = "/api/profiles/me/subscription/pause";
    static final String CANCEL = "/api/profiles/me/subscription/cancel";
    static final String CHANNEL = "/api/profiles/me/preferences/contact-channel";

    Subscription active(LocalDate renewsOn) {
        return new Subscription("TechCare Plus", "active", renewsOn);
    }

    EntityExchangeResult<Map> pause(Customer c, String key, String body) {
        return send("POST", PAUSE, c.token(), key, body);
    }

    EntityExchangeResult<Map> cancel(Customer c, String key) {
        return send("POST", CANCEL, c.token(), key, null);
    }

    @Test
    void anActivePlanIsPausedOnceAndTheSameKeyAnswersTheSamePause() {
        LocalDate renewsOn = today().plusDays(20);
        Customer c = newCustomer(active(renewsOn), null);
        String key = newKey();

        var paused = pause(c, key, "{\"months\":2}");
        assertThat(paused.getStatus().value()).isEqualTo(200);
        assertThat(paused.getResponseBody())
                .containsEntry("plan", "TechCare Plus")
                .containsEntry("status", "paused")
                .containsEntry("pausedUntil", today().plusMonths(2).toString())
                .containsEntry("renewsOn", renewsOn.plusMonths(2).toString())
                .containsEntry("lastPausedOn", today().toString())
                .doesNotContainKey("changeKey");
        assertThat((String) paused.getResponseBody().get("summary"))
                .isEqualTo("TechCare Plus is paused until " + today().plusMonths(2)
                        + ": you are not charged and its benefits are suspended until then, and it now renews on "
                        + renewsOn.plusMonths(2) + ".");
        awaitRecord(
                Topics.PROFILE_CHANGED, r -> c.id().equals(r.key()) && r.value().contains("subscription-paused"));

        // the same key: the same answer, nothing moved again
        var again = pause(c, key, "{\"months\":2}");
        assertThat(again.getStatus().value()).isEqualTo(200);
        assertThat(again.getResponseBody()).isEqualTo(paused.getResponseBody());
        assertThat(stored(c.id()).subscription().renewsOn()).isEqualTo(renewsOn.plusMonths(2));

        // another key: it is not active any more
        var second = pause(c, newKey(), "{\"months\":1}");
        assertThat(second.getStatus().value()).isEqualTo(409);
        assertThat(second.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(second.getResponseBody()).containsEntry("reason", "not_active");
        // and the customer's profile shows the pause, without the key
        web.get()
                .uri("/api/profiles/me")
                .headers(h -> h.setBearerAuth(c.token()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.subscription.status")
                .isEqualTo("paused")
                .jsonPath("$.subscription.changeKey")
                .doesNotExist();
    }

    @Test
    void aPlanMayBePausedOnlyOnceInAnyTwelveMonthsAndOnlyWhileActive() {
        Customer recently = newCustomer(
                new Subscription(
                        "TechCare Plus",
                        "active",
                        today().plusDays(9),
                        today().minusMonths(6).plusMonths(1),
                        today().minusMonths(6),
                        null,
                        "old-key-123"),
                null);
        var refused = pause(recently, newKey(), "{\"months\":1}");
        assertThat(refused.getStatus().value()).isEqualTo(409);
        assertThat(refused.getResponseBody()).containsEntry("reason", "paused_recently");
        assertThat((String) refused.getResponseBody().get("detail"))
                .contains(
                        today().minusMonths(6).toString(),
                        today().minusMonths(6).plusMonths(12).toString());

        Customer aYearAgo = newCustomer(
                new Subscription(
                        "TechCare Plus",
                        "active",
                        today().plusDays(9),
                        today().minusMonths(11),
                        today().minusMonths(12),
                        null,
                        "old-key-456"),
                null);
        assertThat(pause(aYearAgo, newKey(), "{\"months\":3}").getResponseBody())
                .containsEntry("status", "paused")
                .containsEntry("pausedUntil", today().plusMonths(3).toString());

        for (Subscription s : new Subscription[] {
            null,
            new Subscription("none", "inactive", null),
            new Subscription("TechCare Plus", "past_due", today()),
            new Subscription("TechCare Plus", "cancelled", null, null, null, today(), "k-000000")
        }) {
            var r = pause(newCustomer(s, null), newKey(), "{\"months\":1}");
            assertThat(r.getStatus().value()).isEqualTo(409);
            assertThat(r.getResponseBody()).containsEntry("reason", "not_active");
        }
    }

    @Test
    void aPlanIsCancelledAtItsRenewalDateOnce() {
        LocalDate renewsOn = today().plusDays(12);
        Customer c = newCustomer(active(renewsOn), null);
        String key = newKey();

        var cancelled = cancel(c, key);
        assertThat(cancelled.getStatus().value()).isEqualTo(200);
        assertThat(cancelled.getResponseBody())
                .containsEntry("status", "cancelled")
                .containsEntry("endsOn", renewsOn.toString());
        assertThat((String) cancelled.getResponseBody().get("summary"))
                .isEqualTo("TechCare Plus is cancelled: its benefits stay active until " + renewsOn
                        + " and you will not be charged again.");
        awaitRecord(
                Topics.PROFILE_CHANGED, r -> c.id().equals(r.key()) && r.value().contains("subscription-cancelled"));

        var again = cancel(c, key);
        assertThat(again.getStatus().value()).isEqualTo(200);
        assertThat(again.getResponseBody()).isEqualTo(cancelled.getResponseBody());

        var twice = cancel(c, newKey());
        assertThat(twice.getStatus().value()).isEqualTo(409);
        assertThat(twice.getResponseBody()).containsEntry("reason", "already_cancelled");
        // a key used to cancel does not pause
        assertThat(pause(c, key, "{\"months\":1}").getResponseBody()).containsEntry("reason", "idempotency_key_reused");
    }

    @Test
    void aPausedPlanCanBeCancelledAndAPlanWithoutRenewalEndsToday() {
        Customer paused = newCustomer(active(today().plusDays(5)), null);
        assertThat(pause(paused, newKey(), "{\"months\":1}").getStatus().value())
                .isEqualTo(200);
        assertThat(cancel(paused, newKey()).getResponseBody())
                .containsEntry("status", "cancelled")
                .containsEntry("endsOn", today().plusDays(5).plusMonths(1).toString())
                .containsEntry("lastPausedOn", today().toString());

        Customer noRenewal = newCustomer(active(null), null);
        assertThat(cancel(noRenewal, newKey()).getResponseBody()).containsEntry("endsOn", today().toString());

        for (Subscription s : new Subscription[] {null, new Subscription("none", "inactive", null)}) {
            var r = cancel(newCustomer(s, null), newKey());
            assertThat(r.getStatus().value()).isEqualTo(409);
            assertThat(r.getResponseBody()).containsEntry("reason", "not_active");
        }
    }

    @Test
    void twoPausesAtOnceMakeOnePause() throws Exception {
        LocalDate renewsOn = today().plusDays(30);
        Customer c = newCustomer(active(renewsOn), null);
        var results = together(() -> pause(c, newKey(), "{\"months\":1}"), () -> pause(c, newKey(), "{\"months\":3}"));
        assertThat(results).extracting(r -> r.getStatus().value()).containsExactlyInAnyOrder(200, 409);
        var won = results.stream()
                .filter(r -> r.getStatus().value() == 200)
                .findFirst()
                .orElseThrow()
                .getResponseBody();
        // the renewal moved once, by the winner's months
        assertThat(stored(c.id()).subscription().renewsOn().toString()).isEqualTo(won.get("renewsOn"));
        assertThat(stored(c.id()).subscription().renewsOn()).isIn(renewsOn.plusMonths(1), renewsOn.plusMonths(3));
    }

    @Test
    void badRequestsAndOtherRolesAreRefused() {
        Customer c = newCustomer(active(today().plusDays(10)), new Preferences("email", List.of("audio"), null));
        for (String body : List.of(
                "{\"months\":0}",
                "{\"months\":4}",
                "{}",
                "{\"months\":\"two\"}",
                "{\"months\":1.5}",
                "{\"months\":99999999999}")) {
            assertThat(pause(c, newKey(), body).getStatus().value()).as(body).isEqualTo(400);
        }
        for (String key : new String[] {null, "short", "bad key!!"}) {
            assertThat(pause(c, key, "{\"months\":1}").getStatus().value()).isEqualTo(400);
            assertThat(cancel(c, key).getStatus().value()).isEqualTo(400);
        }
        assertThat(send("PUT", CHANNEL, c.token(), "bad key!!", "{\"channel\":\"sms\"}")
                        .getStatus()
                        .value())
                .isEqualTo(400);
        for (String body : List.of("{\"channel\":\"fax\"}", "{\"channel\":\"EMAIL\"}", "{}", "{\"channel\":null}")) {
            assertThat(send("PUT", CHANNEL, c.token(), null, body).getStatus().value())
                    .as(body)
                    .isEqualTo(400);
        }
        for (String token : List.of(token(AGENT), token(ADMIN), serviceToken("crm-sync", "crm-secret"))) {
            assertThat(send("POST", PAUSE, token, newKey(), "{\"months\":1}")
                            .getStatus()
                            .value())
                    .isEqualTo(403);
            assertThat(send("POST", CANCEL, token, newKey(), null).getStatus().value())
                    .isEqualTo(403);
            assertThat(send("PUT", CHANNEL, token, null, "{\"channel\":\"sms\"}")
                            .getStatus()
                            .value())
                    .isEqualTo(403);
        }
        // nothing changed
        assertThat(stored(c.id()).subscription().status()).isEqualTo("active");
        assertThat(stored(c.id()).preferences().contactChannel()).isEqualTo("email");
    }

    @Test
    void theContactChannelChangesAloneAndSettingItAgainChangesNothing() {
        Customer c = newCustomer(null, new Preferences("email", List.of("audio", "laptops"), List.of("read-aloud")));

        web.put()
                .uri(CHANNEL)
                .headers(h -> {
                    h.setBearerAuth(c.token());
                    h.set("Idempotency-Key", newKey());
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"channel\":\"phone\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.contactChannel")
                .isEqualTo("phone")
                .jsonPath("$.interests")
                .isEqualTo(List.of("audio", "laptops"))
                .jsonPath("$.accessibility")
                .isEqualTo(List.of("read-aloud"));
        awaitRecord(
                Topics.PROFILE_CHANGED, r -> c.id().equals(r.key()) && r.value().contains("preferences-updated"));
        var before = stored(c.id()).updatedAt();

        assertThat(send("PUT", CHANNEL, c.token(), null, "{\"channel\":\"phone\"}")
                        .getResponseBody())
                .containsEntry("contactChannel", "phone");
        assertThat(stored(c.id()).updatedAt()).isEqualTo(before);

        // a profile without preferences gets them
        Customer bare = newCustomer(null, null);
        assertThat(send("PUT", CHANNEL, bare.token(), null, "{\"channel\":\"sms\"}")
                        .getResponseBody())
                .containsEntry("contactChannel", "sms");
        assertThat(stored(bare.id()).preferences().contactChannel()).isEqualTo("sms");
    }
}
