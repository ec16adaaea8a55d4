package com.smartsupport.conversation.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Marks published customer messages in batches: one update for all messages the broker acknowledged in the last
 * {@code smart.outbox.mark-interval} (20 ms), instead of one per message. The mark only keeps the outbox relay
 * from re-publishing a message, and a re-publish is idempotent (the event id is the message id), so a batch lost
 * to a crash or a MongoDB error costs a duplicate event, never a message. Flushed on shutdown.
 */
@Component
class PublishedMarks implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PublishedMarks.class);
    private static final int MAX_BATCH = 500;

    private final ReactiveMongoTemplate mongo;
    private final Duration interval;
    private final Queue<String> pending = new ConcurrentLinkedQueue<>();
    /** Ids added and not yet written: a retried post of one of them is known to be published. */
    private final Set<String> unwritten = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean flushing = new AtomicBoolean();
    private volatile Disposable timer;

    PublishedMarks(ReactiveMongoTemplate mongo, OutboxProperties outbox) {
        this.mongo = mongo;
        this.interval = outbox.markInterval();
    }

    /** Marks this message published in the next batch. */
    void add(String messageId) {
        unwritten.add(messageId);
        pending.add(messageId);
    }

    /** Whether the broker has this message: marked in MongoDB, or acknowledged and its mark not written yet. */
    boolean isPublished(Message message) {
        return Boolean.TRUE.equals(message.published()) || unwritten.contains(message.id());
    }

    /** Writes the marks waiting now, at most one flush at a time; completes when they are written (or failed). */
    Mono<Void> flush() {
        if (pending.isEmpty() || !flushing.compareAndSet(false, true)) {
            return Mono.empty();
        }
        return Flux.<List<String>>generate(sink -> {
                    List<String> batch = new ArrayList<>();
                    for (String id; batch.size() < MAX_BATCH && (id = pending.poll()) != null; ) {
                        batch.add(id);
                    }
                    if (batch.isEmpty()) {
                        sink.complete();
                    } else {
                        sink.next(batch);
                    }
                })
                .concatMap(batch -> mongo.updateMulti(
                                Query.query(Criteria.where("_id").in(batch)),
                                Update.update("published", true),
                                Message.class)
                        .onErrorResume(e -> {
                            log.warn(
                                    "could not mark {} message(s) published ({}); the relay will re-publish them",
                                    batch.size(),
                                    e.toString());
                            return Mono.empty();
                        })
                        .doFinally(s -> batch.forEach(unwritten::remove)))
                .then()
                .doFinally(s -> flushing.set(false));
    }

    @Override
    public void start() {
        timer = Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(tick -> flush(), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable t = timer;
        if (t != null) {
            t.dispose();
            timer = null;
        }
        flush().block(Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    @Override
    public int getPhase() {
        // stops after the web server's graceful shutdown (DEFAULT_PHASE - 1024): no post adds a mark after the flush
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }
}
