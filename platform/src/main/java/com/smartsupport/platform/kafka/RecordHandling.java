package com.smartsupport.platform.kafka;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Handles one record for a {@link KeyOrderedConsumer}: observed like a listener container's record (a span that
 * continues the trace the record carries), each attempt bounded by {@code recordTimeout}, retried as
 * {@link RecordRetries} says, and dead-lettered when it gives up.
 */
final class RecordHandling {
    private static final Logger log = LoggerFactory.getLogger(RecordHandling.class);

    private final String name;
    private final String groupId;
    private final Function<ConsumerRecord<String, String>, Mono<Void>> handler;
    private final Duration recordTimeout;
    private final RecordRetries retries;
    private final ConsumerRecordRecoverer deadLetters;
    private final ObservationRegistry observations;

    RecordHandling(
            String name,
            String groupId,
            Function<ConsumerRecord<String, String>, Mono<Void>> handler,
            Duration recordTimeout,
            RecordRetries retries,
            ConsumerRecordRecoverer deadLetters,
            ObservationRegistry observations) {
        this.name = name;
        this.groupId = groupId;
        this.handler = handler;
        this.recordTimeout = recordTimeout;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.observations = observations;
    }

    /** Starts handling the record; {@code done} runs once it is handled or given up. */
    void handle(ConsumerRecord<String, String> r, Runnable done) {
        Observation observation = KafkaListenerObservation.LISTENER_OBSERVATION.observation(
                null,
                KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                () -> new KafkaRecordReceiverContext(r, name, name, groupId, () -> null),
                observations);
        observation.start();
        // what the handler does while it is subscribed to sees the record's observation (trace ids in logs)
        try (Observation.Scope scope = observation.openScope()) {
            Mono.defer(() -> handler.apply(r))
                    .timeout(recordTimeout)
                    .retryWhen(retries.of(r))
                    .onErrorResume(e -> deadLetter(r, e))
                    .contextWrite(ctx -> ctx.put(ObservationThreadLocalAccessor.KEY, observation))
                    .doFinally(signal -> {
                        observation.stop();
                        done.run();
                    })
                    .subscribe(
                            null,
                            e -> log.error(
                                    "consumer {}: {}-{}@{} could not be handled: {}",
                                    name,
                                    r.topic(),
                                    r.partition(),
                                    r.offset(),
                                    e.toString()));
        }
    }

    private Mono<Void> deadLetter(ConsumerRecord<String, String> r, Throwable e) {
        if (deadLetters == null) {
            log.error(
                    "consumer {}: {}-{}@{} failed and is skipped: {}",
                    name,
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    e.toString());
            return Mono.empty();
        }
        Exception ex = e instanceof Exception x ? x : new IllegalStateException(e);
        // the recoverer waits for the broker's acknowledgement: off the reactive threads
        return Mono.<Void>fromRunnable(() -> deadLetters.accept(r, ex))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(failure -> {
                    log.error(
                            "consumer {}: {}-{}@{} could not be dead-lettered and is skipped: {}",
                            name,
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            failure.toString());
                    return Mono.empty();
                });
    }
}
