package com.smartsupport.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventDecodingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class RedactingDeadLetterRecovererTest {
    private final List<ProducerRecord<Object, Object>> sent = new ArrayList<>();
    private final RedactingDeadLetterRecoverer recoverer =
            new RedactingDeadLetterRecoverer(
                    mock(KafkaOperations.class), (r, e) -> new TopicPartition(r.topic() + ".DLT", r.partition())) {
                @Override
                protected void publish(
                        ProducerRecord<Object, Object> outRecord,
                        KafkaOperations<Object, Object> template,
                        ConsumerRecord<?, ?> inRecord) {
                    sent.add(outRecord);
                }
            };

    @Test
    void theValueTheOriginalHeadersAndTheExceptionHeadersAreMasked() {
        String value = "{\"eventId\":\"e1\",\"type\":\"customer.message.posted\",\"version\":\"5105105105105100\","
                + "\"payload\":{\"text\":\"card 4111 1111 1111 1111 token Bearer abcdefghijklmnop1234 password=hunter2"
                + " key sk-abcdefghijklmnopqrstuvwxyz\"}}";
        ConsumerRecord<String, String> record = new ConsumerRecord<>("chat.customer-messages", 3, 42L, "c_1", value);
        record.headers().add("authorization", "Bearer q1w2e3r4t5y6u7i8o9p0".getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(
                        "traceparent",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
        Exception failure;
        try {
            new EventCodec().decode(value);
            throw new AssertionError("the poison record decoded");
        } catch (EventDecodingException e) {
            failure = new ListenerExecutionFailedException("listener failed", "llm-service", e);
        }

        recoverer.accept(record, null, failure);

        assertThat(sent).hasSize(1);
        ProducerRecord<Object, Object> out = sent.get(0);
        assertThat(out.topic()).isEqualTo("chat.customer-messages.DLT");
        assertThat(out.partition()).isEqualTo(3);
        assertThat(out.key()).isEqualTo("c_1");
        assertThat((String) out.value())
                .contains(
                        "\"eventId\":\"e1\"",
                        "**** **** **** 1111",
                        "**** **** **** 5100",
                        "Bearer [redacted]",
                        "password=[redacted]",
                        "[redacted key]")
                .doesNotContain(
                        "4111 1111 1111 1111", "5105105105105100", "abcdefghijklmnop1234", "hunter2", "sk-abcdefghij");
        StringBuilder allHeaders = new StringBuilder();
        for (Header h : out.headers()) {
            allHeaders
                    .append(h.key())
                    .append('=')
                    .append(new String(h.value(), StandardCharsets.UTF_8))
                    .append('\n');
        }
        assertThat(allHeaders)
                .contains(
                        "kafka_dlt-exception-message=",
                        "kafka_dlt-exception-stacktrace=",
                        "smart_dlt_redacted=true",
                        "traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736")
                .doesNotContain("q1w2e3r4t5y6u7i8o9p0", "5105105105105100", "4111 1111 1111 1111");
        // binary headers (the original offset) are copied as they were
        assertThat(ByteBuffer.wrap(out.headers()
                                .lastHeader("kafka_dlt-original-offset")
                                .value())
                        .getLong())
                .isEqualTo(42L);
    }

    @Test
    void aRecordWithoutSecretsIsParkedUnchanged() {
        ConsumerRecord<String, String> record =
                new ConsumerRecord<>("handoff.requests", 0, 7L, "c_2", "{\"eventId\":\"e2\"}");
        recoverer.accept(
                record,
                null,
                new ListenerExecutionFailedException(
                        "failed", "g", new EventDecodingException("not a valid event envelope: no type", null)));

        ProducerRecord<Object, Object> out = sent.get(0);
        assertThat(out.value()).isEqualTo("{\"eventId\":\"e2\"}");
        assertThat(out.headers().lastHeader(RedactingDeadLetterRecoverer.REDACTED_HEADER))
                .isNull();
    }
}
