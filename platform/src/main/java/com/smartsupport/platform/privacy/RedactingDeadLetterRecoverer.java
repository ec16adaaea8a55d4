package com.smartsupport.platform.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * A dead-letter publisher that never parks a secret: the record's value and key, the original headers it carried
 * and the exception headers Spring Kafka adds (message, cause, stack trace, which may quote the record) are
 * masked by {@link SecretRedactor} before the record goes to {@code <topic>.DLT}. Binary headers (offsets,
 * timestamps) are left as they are. A record whose text was changed carries {@value #REDACTED_HEADER}{@code =true},
 * so whoever replays it knows the masked parts are gone for good.
 */
public class RedactingDeadLetterRecoverer extends DeadLetterPublishingRecoverer {
    /** Set on a dead-letter record whose key, value or headers were masked. */
    public static final String REDACTED_HEADER = "smart_dlt_redacted";

    public RedactingDeadLetterRecoverer(
            KafkaOperations<?, ?> template, BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination) {
        super(template, destination);
    }

    @Override
    protected ProducerRecord<Object, Object> createProducerRecord(
            ConsumerRecord<?, ?> record, TopicPartition topicPartition, Headers headers, byte[] key, byte[] value) {
        ProducerRecord<Object, Object> out = super.createProducerRecord(record, topicPartition, headers, key, value);
        boolean[] changed = {false};
        Headers masked = new RecordHeaders();
        for (Header h : out.headers()) {
            masked.add(h.key(), redact(h.value(), changed));
        }
        Object maskedKey = redact(out.key(), changed);
        Object maskedValue = redact(out.value(), changed);
        if (changed[0]) {
            masked.add(REDACTED_HEADER, "true".getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(out.topic(), out.partition(), out.timestamp(), maskedKey, maskedValue, masked);
    }

    /** Strings and UTF-8 text in bytes come back masked; anything else (binary, null) as it is. */
    @SuppressWarnings("unchecked")
    static <T> T redact(T value, boolean[] changed) {
        if (value instanceof String s) {
            String r = SecretRedactor.redact(s);
            if (!r.equals(s)) {
                changed[0] = true;
                return (T) r;
            }
        } else if (value instanceof byte[] bytes) {
            String text = utf8(bytes);
            if (text != null) {
                String r = SecretRedactor.redact(text);
                if (!r.equals(text)) {
                    changed[0] = true;
                    return (T) r.getBytes(StandardCharsets.UTF_8);
                }
            }
        }
        return value;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
