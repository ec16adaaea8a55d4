package com.smartsupport.escalation.agent;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * What the agents' side asks of the queue of cases (implemented by the queue, which depends on agents, never the
 * other way round).
 */
public interface CaseQueue {

    /** Assigns waiting cases soon: an agent came online, freed a slot or changed their cap or languages. */
    void assignSoon();

    /**
     * Returns the agent's cases assigned before {@code before} to the queue, at their place, each customer told their
     * place again; how many went back.
     */
    Mono<Integer> returnCases(String agentId, Instant before);
}
