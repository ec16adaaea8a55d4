package com.smartsupport.llm.reply;

import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.Topics;
import com.smartsupport.platform.kafka.KeyOrderedConsumer;
import com.smartsupport.platform.kafka.KeyOrderedConsumers;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Mono;

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
    KeyOrderedConsumer customerMessages(
            KeyOrderedConsumers consumers,
            ReplyService replies,
            EventCodec codec,
            Environment environment,
            ReplyProperties properties) {
        // the shared group: the service's name
        String group = environment.getRequiredProperty("spring.application.name");
        return consumers.create(
                NAME,
                group,
                List.of(Topics.CUSTOMER_MESSAGES),
                record -> Mono.defer(() -> replies.answer(codec.decode(record.value(), CustomerMessagePosted.class)))
                        .then(),
                properties.maxInFlight(),
                properties.replyTimeout(),
                properties.drainTimeout());
    }
}
