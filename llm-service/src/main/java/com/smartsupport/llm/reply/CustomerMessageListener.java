package com.smartsupport.llm.reply;

import com.smartsupport.platform.events.CustomerMessagePosted;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.Topics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Consumes customer messages (shared group: each message is answered by one instance) and commits only after
 * the whole reply has been published, so a crash mid-reply means the message is answered again, under the
 * same reply id.
 */
@Component
class CustomerMessageListener {
    private final ReplyService replies;
    private final EventCodec codec;
    private final Duration replyTimeout;

    CustomerMessageListener(ReplyService replies, EventCodec codec,
                            @Value("${smart.llm.reply-timeout:120s}") Duration replyTimeout) {
        this.replies = replies;
        this.codec = codec;
        this.replyTimeout = replyTimeout;
    }

    @KafkaListener(id = "customer-messages", topics = Topics.CUSTOMER_MESSAGES, groupId = "${spring.application.name}",
            concurrency = "${smart.llm.listener-concurrency:4}")
    void onMessage(String record) {
        var event = codec.decode(record, CustomerMessagePosted.class);
        replies.answer(event).block(replyTimeout);
    }
}
