package com.smartsupport.platform.security;

import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.SessionsRevoked;
import com.smartsupport.platform.events.Topics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads {@code sessions.revoked} from its beginning at every start, in a consumer group of its own per start
 * (so every instance sees every revocation), into {@link RevokedSessions}, and tells the service's
 * {@link SessionRevocationHandler}s.
 */
public class SessionRevocationListener {
    private static final Logger log = LoggerFactory.getLogger(SessionRevocationListener.class);

    private final EventCodec codec;
    private final RevokedSessions revoked;
    private final List<SessionRevocationHandler> handlers;

    public SessionRevocationListener(
            EventCodec codec, RevokedSessions revoked, List<SessionRevocationHandler> handlers) {
        this.codec = codec;
        this.revoked = revoked;
        this.handlers = List.copyOf(handlers);
    }

    @KafkaListener(
            id = "session-revocations",
            topics = Topics.SESSIONS_REVOKED,
            groupId = "session-revocations-${random.uuid}",
            properties = {"auto.offset.reset=earliest", "enable.auto.commit=false"})
    void onRevoked(String record) {
        SessionsRevoked revocation = codec.decode(record, SessionsRevoked.class).payload();
        if (revocation.subject() == null || revocation.revokedAt() == null) {
            return;
        }
        revoked.revoke(revocation.subject(), revocation.revokedAt());
        log.debug(
                "sessions of {} issued before {} have ended ({})",
                revocation.subject(),
                revocation.revokedAt(),
                revocation.reason());
        handlers.forEach(h -> h.revoked(revocation));
    }
}
