package com.smartsupport.profile.identity;

import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.SessionsRevoked;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import com.smartsupport.platform.security.Role;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Ends every session of a subject issued until now: every service refuses those tokens as soon as it reads the
 * event ({@code sessions.revoked}, docs/events.md), and services that hold the subject's live streams end them.
 */
@Component
public class SessionRevocations {
    private final EventPublisher events;
    private final Clock clock = Clock.systemUTC();

    SessionRevocations(EventPublisher events) {
        this.events = events;
    }

    /** Publishes the revocation (completes once the broker has it) and returns its instant. */
    public Mono<Instant> revoke(String subject, Role role, String reason) {
        Instant at = clock.instant();
        var revoked = new SessionsRevoked(subject, role.name(), at, reason);
        return events.publish(
                        Topics.SESSIONS_REVOKED,
                        subject,
                        EventEnvelope.withId(subject + ":" + at.toEpochMilli(), null, null, revoked))
                .thenReturn(at);
    }
}
