package com.smartsupport.llm.reply;

import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.KeyOrderedConsumer;
import com.smartsupport.platform.kafka.KeyOrderedConsumers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/**
 * Consumes customer messages (shared group: each message is answered by one instance) and answers up to
 * {@code smart.llm.max-in-flight} of them at once, each conversation's messages one after another, in order
 * ({@link KeyOrderedConsumer}). A message's offset is committed only after its whole reply has been published,
 * so a crash mid-reply means the message is answered again, under the same reply id.
 */
@Configuration(proxyBeanMethods = false)
class CustomerMessageListener {
    /** The consumer's name: its thread, client id and {@code smart_kafka_consumer_in_flight{consumer}}. */
    static final String NAME = "customer-messages";

    @Bean
    KeyOrderedConsumer customerMessages(KeyOrderedConsumers consumers, ReplyService replies, EventCodec codec,
                                        @Value("${spring.application.name}") String group,
                                        @Value("${smart.llm.max-in-flight:192}") int maxInFlight,
                                        @Value("${smart.llm.reply-timeout:120s}") Duration replyTimeout,
                                        @Value("${smart.llm.drain-timeout:20s}") Duration drainTimeout) {
        return consumers.create(NAME, group, List.of(Topics.CUSTOMER_MESSAGES),
                record -> Mono.defer(() -> replies.answer(codec.decode(record.value(), CustomerMessagePosted.class)))
                        .then(),
                maxInFlight, replyTimeout, drainTimeout);
    }
}
