package com.smartsupport.conversation.chat;

import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.EventPublisher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes stored customer messages, in order per conversation: a stored message is its own outbox entry
 * ({@link Message#published()}), marked once the broker has it ({@link PublishedMarks}); what this instance could
 * not publish is left to the outbox relay.
 */
@Component
public class CustomerMessageOutbox {
    private static final Logger log = LoggerFactory.getLogger(CustomerMessageOutbox.class);

    private final MessageRepository messages;
    private final EventPublisher events;
    private final PublishedMarks publishedMarks;
    /**
     * Conversations with a message this instance could not publish (and when it failed): the next post there
     * publishes those first. An entry goes once the conversation has nothing unpublished ({@link #forgetCaughtUp}).
     */
    private final Map<String, Long> behind = new ConcurrentHashMap<>();

    CustomerMessageOutbox(MessageRepository messages, EventPublisher events, PublishedMarks publishedMarks) {
        this.messages = messages;
        this.events = events;
        this.publishedMarks = publishedMarks;
    }

    /**
     * Publishes a just-stored message: at once when this instance has published all earlier ones of its
     * conversation (the usual case, no query), else the conversation's unpublished messages, oldest first. A
     * failure leaves the message to the relay and the conversation marked as behind.
     */
    Mono<Void> publishInOrder(Message saved) {
        if (publishedMarks.isPublished(saved)) { // an idempotent retry of a message already on the broker
            return Mono.empty();
        }
        String conversationId = saved.conversationId();
        Long failedAt = behind.get(conversationId);
        Mono<Void> publishing = failedAt != null
                ? messages.findByConversationIdAndPublishedFalseOrderByCreatedAtAsc(conversationId)
                        .concatMap(this::publish)
                        .then()
                        .doOnSuccess(v -> behind.remove(conversationId, failedAt))
                : publish(saved);
        return publishing.onErrorResume(e -> {
            behind.put(conversationId, System.nanoTime());
            log.warn("message {} stored but not yet published ({}); the relay will retry", saved.id(), e.toString());
            return Mono.empty();
        });
    }

    /**
     * Forgets the conversations this instance was behind on that have nothing unpublished left (the relay
     * published it); one whose publish failed again meanwhile stays.
     */
    public Mono<Void> forgetCaughtUp() {
        return Flux.fromIterable(List.copyOf(behind.entrySet()))
                .concatMap(e -> messages.findByConversationIdAndPublishedFalseOrderByCreatedAtAsc(e.getKey())
                        .hasElements()
                        .doOnNext(pending -> {
                            if (!pending) {
                                behind.remove(e.getKey(), e.getValue());
                            }
                        }))
                .then();
    }

    /**
     * Publishes a stored customer message; its event id is the message id, so a re-publish is idempotent. Once the
     * broker has it, the message is marked published in the next batch of {@link PublishedMarks} (a mark lost to
     * a crash only means one idempotent re-publish by the relay).
     */
    public Mono<Void> publish(Message message) {
        var event = EventEnvelope.withId(
                message.id(),
                message.conversationId(),
                message.customerId(),
                new CustomerMessagePosted(message.id(), message.text()));
        return events.publish(Topics.CUSTOMER_MESSAGES, event)
                .doOnSuccess(sent -> publishedMarks.add(message.id()))
                .then();
    }
}
