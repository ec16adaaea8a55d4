package com.smartsupport.llm.actions;

import com.smartsupport.llm.profile.ProfileClient;
import com.smartsupport.llm.profile.ReturnEligibility;
import com.smartsupport.platform.events.ActionEvent;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffRequested;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes each reply's {@link Toolbox} and does what its tools need from outside: the return policy's answer from
 * profile-service ({@link ProfileClient}), publishing proposals ({@code action.proposed} on {@link Topics#ACTIONS}, counted as
 * {@code smart_llm_actions_proposed_total{kind}}) and hand-off requests.
 */
@Component
public class AccountTools {
    private static final Logger log = LoggerFactory.getLogger(AccountTools.class);

    private final ProfileClient profiles;
    private final EventPublisher events;
    private final ActionsProperties properties;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;

    @Autowired
    AccountTools(ProfileClient profiles, EventPublisher events, ActionsProperties properties, MeterRegistry meters) {
        this(profiles, events, properties, meters, Clock.systemUTC());
    }

    AccountTools(
            ProfileClient profiles,
            EventPublisher events,
            ActionsProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.profiles = profiles;
        this.events = events;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    public Toolbox forReply(Toolbox.Scope scope) {
        return new Toolbox(scope, this, properties, json);
    }

    public boolean enabled() {
        return properties.enabled();
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    Mono<ReturnEligibility> eligibility(String customerId, String orderId) {
        return profiles.returnEligibility(customerId, orderId);
    }

    Mono<Void> publish(Toolbox.Scope scope, ActionEvent action) {
        log.info("reply {} proposes {} ({})", scope.replyId(), action.actionId(), action.kind());
        meters.counter("smart.llm.actions.proposed", "kind", action.kind()).increment();
        return events.publish(
                Topics.ACTIONS,
                EventEnvelope.withId(
                        action.actionId() + ":" + action.eventType(),
                        scope.conversationId(),
                        scope.customerId(),
                        action));
    }

    Mono<Void> handOff(Toolbox.Scope scope, String code, String reason) {
        String detail = "the assistant handed over" + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return events.publish(
                Topics.HANDOFF_REQUESTS,
                EventEnvelope.of(
                        scope.conversationId(),
                        scope.customerId(),
                        new HandoffRequested(code, detail, scope.language())));
    }
}
