package com.smartsupport.profile.agents;

import com.smartsupport.platform.mongo.MongoIndexes;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Created (idempotently) at start-up: one agent per e-mail, even when an admin's invitation is sent twice at once;
 * an agent's invitations, found when the agent is deactivated.
 */
@Component
class AgentIndexes implements MongoIndexes {

    @Override
    public List<MongoIndex> indexes() {
        return List.of(
                MongoIndex.on(
                        AgentAccount.class,
                        new Index().on("email", Sort.Direction.ASC).unique().named("agent_email_unique")),
                MongoIndex.on(
                        Invitation.class,
                        new Index().on("agentId", Sort.Direction.ASC).named("invitation_agent")));
    }
}
