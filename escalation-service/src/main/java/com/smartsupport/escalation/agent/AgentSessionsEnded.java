package com.smartsupport.escalation.agent;

import com.smartsupport.escalation.stream.AgentChannel;
import com.smartsupport.platform.events.SessionsRevoked;
import com.smartsupport.platform.security.Role;
import com.smartsupport.platform.security.SessionRevocationHandler;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * An agent's sessions ended (deactivated by an admin): their console streams held here end at once, they leave
 * the pool and their cases go back to the queue. A password change ends only the streams (the agent logs in again
 * and goes on with their cases).
 */
@Component
class AgentSessionsEnded implements SessionRevocationHandler {
    private final AgentChannel channel;
    private final AgentAvailability availability;

    AgentSessionsEnded(AgentChannel channel, AgentAvailability availability) {
        this.channel = channel;
        this.availability = availability;
    }

    @Override
    public void revoked(SessionsRevoked revocation) {
        if (!Role.AGENT.name().equals(revocation.role())) {
            return;
        }
        channel.end(
                revocation.subject(),
                SessionsRevoked.DEACTIVATED.equals(revocation.reason()) ? "account deactivated" : "session ended");
        if (SessionsRevoked.DEACTIVATED.equals(revocation.reason())) {
            // a failure (MongoDB away) fails the record, which is tried again until the outage ends
            availability.takeOut(revocation.subject(), revocation.revokedAt()).block(Duration.ofSeconds(10));
        }
    }
}
