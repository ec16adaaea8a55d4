package com.smartsupport.profile.agents;

import com.smartsupport.platform.events.SessionsRevoked;
import com.smartsupport.platform.security.Role;
import com.smartsupport.profile.identity.Credential;
import com.smartsupport.profile.identity.Credentials;
import com.smartsupport.profile.identity.SessionRevocations;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What an admin does with agents: invite (a one-time link to set a password, e-mailed when SMTP is configured),
 * list, change languages and caps, deactivate (the login goes at once, open invitations too); and what the invitee
 * does with the link.
 */
@Service
class AgentAdministration {
    private static final Logger log = LoggerFactory.getLogger(AgentAdministration.class);
    static final String LINK_GONE = "This invitation link is not valid any more: it was used, it expired or it was"
            + " withdrawn. Ask your administrator for a new one.";

    private final AgentAccountRepository agents;
    private final InvitationRepository invitations;
    private final Credentials credentials;
    private final ReactiveMongoTemplate mongo;
    private final InvitationMailer mailer;
    private final InvitationProperties properties;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
    private final Clock clock;
    private final AgentEvents events;
    private final SessionRevocations sessions;

    AgentAdministration(
            AgentAccountRepository agents,
            InvitationRepository invitations,
            Credentials credentials,
            ReactiveMongoTemplate mongo,
            InvitationMailer mailer,
            InvitationProperties properties,
            AgentEvents events,
            SessionRevocations sessions) {
        this.events = events;
        this.sessions = sessions;
        this.agents = agents;
        this.invitations = invitations;
        this.credentials = credentials;
        this.mongo = mongo;
        this.mailer = mailer;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    record Invited(AgentAccount agent, String inviteUrl, boolean emailed) {}

    Mono<Invited> invite(String name, String email, List<String> languages, int maxCases) {
        String address = email.trim().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        AgentAccount agent = new AgentAccount(
                "agt_" + UUID.randomUUID().toString().replace("-", ""),
                name.trim(),
                address,
                languages,
                maxCases,
                AgentAccount.Status.INVITED,
                now,
                null,
                null);
        ResponseStatusException taken = new ResponseStatusException(
                HttpStatus.CONFLICT, "Someone with this e-mail can already sign in or is invited");
        return credentials
                .exists(address)
                .zipWith(agents.findByEmail(address).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(found -> {
                    if (found.getT1()) {
                        return Mono.<AgentAccount>error(taken);
                    }
                    AgentAccount known = found.getT2().orElse(null);
                    if (known == null) {
                        // the same invitation sent twice at once: the unique index keeps one (AgentIndexes)
                        return agents.insert(agent).onErrorMap(DuplicateKeyException.class, e -> taken);
                    }
                    if (known.status() != AgentAccount.Status.DEACTIVATED) {
                        return Mono.<AgentAccount>error(taken);
                    }
                    // someone who left comes back: the same agent (their past cases stay theirs), invited again
                    return agents.save(
                            known.with(agent.name(), languages, maxCases).invitedAgain(now));
                })
                .flatMap(events::changed)
                .flatMap(this::newInvitation)
                .doOnNext(invited -> log.info(
                        "agent {} invited (e-mailed: {})", invited.agent().agentId(), invited.emailed()));
    }

    private Mono<Invited> newInvitation(AgentAccount agent) {
        String token = InvitationTokens.newToken();
        String link = properties.linkBase() + "/#/invitation/" + token;
        Invitation invitation = new Invitation(
                InvitationTokens.hash(token),
                agent.agentId(),
                agent.email(),
                clock.instant().plus(properties.validity()),
                null);
        return invitations
                .insert(invitation)
                .then(mailer.send(agent, link))
                .map(emailed -> new Invited(agent, emailed ? null : link, emailed));
    }

    Flux<AgentAccount> list() {
        return agents.findAll()
                .sort(Comparator.comparing(AgentAccount::name, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(AgentAccount::agentId));
    }

    /** Changes what is given; {@code active = false} deactivates (final: a new invitation brings them back). */
    Mono<AgentAccount> change(String agentId, String name, List<String> languages, Integer maxCases, Boolean active) {
        return agents.findById(agentId)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No such agent")))
                .flatMap(agent -> {
                    if (Boolean.TRUE.equals(active) && agent.status() == AgentAccount.Status.DEACTIVATED) {
                        return Mono.error(new ResponseStatusException(
                                HttpStatus.CONFLICT, "A deactivated agent comes back through a new invitation"));
                    }
                    AgentAccount changed = agent.with(name == null ? null : name.trim(), languages, maxCases);
                    if (Boolean.FALSE.equals(active)) {
                        // asked again (the first try failed to reach the broker): the sessions end again
                        AgentAccount deactivated = agent.status() == AgentAccount.Status.DEACTIVATED
                                ? changed
                                : changed.deactivated(clock.instant());
                        return credentials
                                .remove(agent.email())
                                .then(invitations.deleteByAgentId(agentId))
                                .then(agents.save(deactivated))
                                // every session ends at once: the services refuse its tokens, the console's
                                // streams end, and the cases go back to the queue (escalation-service)
                                .flatMap(a -> sessions.revoke(agentId, Role.AGENT, SessionsRevoked.DEACTIVATED)
                                        .thenReturn(a))
                                .flatMap(events::changed)
                                .doOnNext(a -> log.info("agent {} deactivated", agentId));
                    }
                    return agents.save(changed).flatMap(events::changed);
                });
    }

    /** The invitee sets a password: the link works once, within its validity, for an agent still invited. */
    Mono<AgentAccount> accept(String token, String password) {
        Instant now = clock.instant();
        Query open = Query.query(Criteria.where("_id")
                .is(InvitationTokens.hash(token))
                .and("usedAt")
                .isNull()
                .and("expiresAt")
                .gt(now));
        return mongo.findAndModify(
                        open,
                        Update.update("usedAt", now),
                        FindAndModifyOptions.options().returnNew(true),
                        Invitation.class)
                .flatMap(used -> agents.findById(used.agentId()))
                .filter(agent -> agent.status() == AgentAccount.Status.INVITED)
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.GONE, LINK_GONE)))
                .flatMap(agent -> Mono.fromCallable(() -> encoder.encode(password))
                        .subscribeOn(Schedulers.boundedElastic()) // BCrypt is slow on purpose
                        .flatMap(hash -> credentials.add(
                                new Credential(agent.email(), agent.agentId(), Role.AGENT, agent.name(), hash)))
                        .onErrorMap(
                                DuplicateKeyException.class,
                                e -> new ResponseStatusException(
                                        HttpStatus.CONFLICT, "Someone with this e-mail can already sign in"))
                        .then(agents.save(agent.activated(now)))
                        .flatMap(events::changed))
                .doOnNext(agent -> log.info("agent {} set a password and is active", agent.agentId()));
    }
}
