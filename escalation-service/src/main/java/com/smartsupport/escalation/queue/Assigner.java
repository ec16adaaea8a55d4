package com.smartsupport.escalation.queue;

import com.smartsupport.escalation.agent.AgentPresence;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.HandoffAssigned;
import com.smartsupport.platform.events.HandoffQueued;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fair assignment, safe with any number of service instances (all state in MongoDB, every claim a conditional
 * single-document update): the oldest queued case goes first (no starvation), to the least-loaded online agent
 * (ties: the one who waited longest since their last case), never past the per-agent cap. Claiming the agent's
 * slot and then the case are two conditional updates; if another instance took the case in between, the slot
 * is given back.
 *
 * <p>A round runs at once when something changes that may allow an assignment ({@link #assignSoon()}: a case
 * queued, an agent online, a slot freed), so a hand-off reaches an agent in milliseconds; the periodic round
 * ({@code smart.escalation.assign-interval}) only catches what another instance changed, or a round that failed.
 */
@Component
public class Assigner {
    private static final Logger log = LoggerFactory.getLogger(Assigner.class);

    private final ReactiveMongoTemplate mongo;
    private final EventPublisher events;
    private final EscalationProperties properties;

    private final HandoffMetrics metrics;
    /** Requests for a round since the running one began (0: none running). */
    private final AtomicInteger requested = new AtomicInteger();

    public Assigner(
            ReactiveMongoTemplate mongo,
            EventPublisher events,
            EscalationProperties properties,
            HandoffMetrics metrics) {
        this.metrics = metrics;
        this.mongo = mongo;
        this.events = events;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "#{@'" + EscalationProperties.BEAN + "'.assignInterval().toMillis()}")
    void tick() {
        assignAll()
                .onErrorResume(e -> {
                    log.warn("assignment round failed, will retry: {}", e.toString());
                    return Mono.just(0);
                })
                .block(Duration.ofSeconds(30));
    }

    /**
     * Runs an assignment round now, in the background. Requests that come while a round runs are coalesced into one
     * more round after it, so a burst of hand-offs costs a few rounds, not one each.
     */
    public void assignSoon() {
        if (requested.getAndIncrement() == 0) {
            round();
        }
    }

    private void round() {
        int seen = requested.get();
        assignAll()
                .onErrorResume(e -> {
                    log.warn("assignment round failed, the periodic round will retry: {}", e.toString());
                    return Mono.just(0);
                })
                .subscribe(assigned -> {
                    if (requested.addAndGet(-seen) > 0) {
                        round(); // asked again while this round ran: what changed may not have been seen
                    }
                });
    }

    /** Assigns until no queued case or no free agent is left; returns how many were assigned. */
    public Mono<Integer> assignAll() {
        return assignOne()
                .expand(outcome -> outcome == Outcome.DONE ? Mono.empty() : assignOne())
                .take(10_000) // a bound on one round, whatever races happen
                .filter(outcome -> outcome == Outcome.ASSIGNED)
                .count()
                .map(Long::intValue);
    }

    enum Outcome {
        ASSIGNED,
        RACE_LOST,
        DONE
    }

    /**
     * One assignment attempt: a case assigned, a race lost to another instance (try again), or nothing to do. The free
     * agents are looked up first: agents are few, the queue may be long, and with nobody free (a queue that grows) a
     * round costs one small query instead of a read of the queue's head. The oldest case goes to the least-loaded
     * free agent who speaks its language, else to the least-loaded free agent (an answer in another language beats
     * no answer).
     */
    Mono<Outcome> assignOne() {
        Query oldest = Query.query(Criteria.where("status").is(Escalation.Status.QUEUED))
                .with(Sort.by(Sort.Direction.ASC, "requestedAt"))
                .limit(1);
        return freeAgents()
                .collectList()
                .filter(free -> !free.isEmpty())
                .flatMap(free -> mongo.findOne(oldest, Escalation.class)
                        .flatMap(queued -> claim(
                                queued,
                                free.stream()
                                        .filter(a -> a.speaks(queued.language()))
                                        .findFirst()
                                        .orElse(free.get(0)))))
                .defaultIfEmpty(Outcome.DONE);
    }

    /** Online agents below their own cap, least loaded first (ties: the one who waited longest since a case). */
    private Flux<AgentPresence> freeAgents() {
        Query query = Query.query(Criteria.where("status").is(AgentPresence.Status.online))
                .with(Sort.by(Sort.Order.asc("activeCases"), Sort.Order.asc("lastAssignedAt")));
        return mongo.find(query, AgentPresence.class)
                .filter(a -> a.activeCases() < a.cap(properties.maxCasesPerAgent()));
    }

    private Mono<Outcome> claim(Escalation queued, AgentPresence agent) {
        Instant now = Instant.now();
        // the cap read with the agent: if an admin changed it meanwhile, this claim fails and the round goes again
        Query slot = Query.query(Criteria.where("_id")
                .is(agent.agentId())
                .and("status")
                .is(AgentPresence.Status.online)
                .and("maxCases")
                .is(agent.maxCases())
                .and("activeCases")
                .lt(agent.cap(properties.maxCasesPerAgent())));
        return mongo.findAndModify(
                        slot,
                        new Update().inc("activeCases", 1).set("lastAssignedAt", now),
                        FindAndModifyOptions.options().returnNew(true),
                        AgentPresence.class)
                .flatMap(taken -> {
                    Query open = Query.query(
                            Criteria.where("_id").is(queued.id()).and("status").is(Escalation.Status.QUEUED));
                    Update assign = Update.update("status", Escalation.Status.ASSIGNED)
                            .set("agentId", agent.agentId())
                            .set("agentName", agent.name())
                            .set("assignedAt", now);
                    return mongo.findAndModify(
                                    open, assign, FindAndModifyOptions.options().returnNew(true), Escalation.class)
                            .flatMap(assigned -> announce(assigned).thenReturn(Outcome.ASSIGNED))
                            // another instance took this case first: give the slot back and go again
                            .switchIfEmpty(
                                    Mono.defer(() -> release(agent.agentId()).thenReturn(Outcome.RACE_LOST)));
                })
                .defaultIfEmpty(Outcome.RACE_LOST); // the agent filled up or left meanwhile: go again
    }

    /** Frees one of the agent's slots (a case closed, or a lost race). */
    public Mono<Void> release(String agentId) {
        return mongo.updateFirst(
                        Query.query(Criteria.where("_id")
                                .is(agentId)
                                .and("activeCases")
                                .gt(0)),
                        new Update().inc("activeCases", -1),
                        AgentPresence.class)
                .then();
    }

    /** A slot freed by a closed case: the next queued case can go to that agent now. */
    public Mono<Void> releaseAndAssign(String agentId) {
        return release(agentId).doOnSuccess(v -> assignSoon());
    }

    private Mono<Void> announce(Escalation assigned) {
        log.info("case {} assigned to {}", assigned.id(), assigned.agentId());
        metrics.assigned(assigned);
        return events.publish(
                Topics.HANDOFF_ASSIGNMENTS,
                EventEnvelope.of(
                        assigned.conversationId(),
                        assigned.customerId(),
                        new HandoffAssigned(assigned.id(), assigned.agentId(), assigned.agentName())));
    }

    /** Where a case stands in the queue and how long it will likely wait, announced to the customer. */
    public Mono<Void> announceQueued(Escalation queued) {
        Mono<Long> ahead = mongo.count(
                Query.query(Criteria.where("status")
                        .is(Escalation.Status.QUEUED)
                        .and("requestedAt")
                        .lt(queued.requestedAt())),
                Escalation.class);
        Mono<Long> online =
                mongo.count(Query.query(Criteria.where("status").is(AgentPresence.Status.online)), AgentPresence.class);
        return Mono.zip(ahead, online).flatMap(t -> {
            int position = (int) (t.getT1() + 1);
            int agents = t.getT2().intValue();
            Long estimate = agents == 0
                    ? null
                    : Math.round((double) position
                            * properties.averageHandleTime().toSeconds()
                            / (agents * (double) properties.maxCasesPerAgent()));
            return events.publish(
                    Topics.HANDOFF_ASSIGNMENTS,
                    EventEnvelope.of(
                            queued.conversationId(),
                            queued.customerId(),
                            new HandoffQueued(queued.id(), position, estimate, agents)));
        });
    }
}
