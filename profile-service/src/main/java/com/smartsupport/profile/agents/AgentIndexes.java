package com.smartsupport.profile.agents;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Created (idempotently) at start-up: one agent per e-mail, even when an admin's invitation is sent twice at once;
 * an agent's invitations, found when the agent is deactivated.
 */
@Component
class AgentIndexes implements ApplicationRunner {
    private final ReactiveMongoTemplate mongo;

    AgentIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void run(ApplicationArguments args) {
        mongo.indexOps(AgentAccount.class).createIndex(new Index().on("email", Sort.Direction.ASC).unique()
                        .named("agent_email_unique"))
                .then(mongo.indexOps(Invitation.class).createIndex(new Index().on("agentId", Sort.Direction.ASC)
                        .named("invitation_agent")))
                .block(Duration.ofSeconds(30));
    }
}
