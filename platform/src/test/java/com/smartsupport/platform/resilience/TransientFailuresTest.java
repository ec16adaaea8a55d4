package com.smartsupport.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.events.EventDecodingException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class TransientFailuresTest {

    @Test
    void outagesAreTransientHoweverDeeplyTheyAreWrapped() {
        assertThat(TransientFailures.isTransient(new ListenerExecutionFailedException(
                        "listener failed",
                        new DataAccessResourceFailureException("no server", new RuntimeException()))))
                .isTrue();
        // Reactor's block(timeout): IllegalStateException caused by a TimeoutException
        assertThat(TransientFailures.isTransient(new ListenerExecutionFailedException(
                        "listener failed",
                        new IllegalStateException("Timeout on blocking read", new TimeoutException()))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new ConnectException("refused"))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new KafkaProducerException(
                        null, "send failed", new org.apache.kafka.common.errors.TimeoutException("metadata"))))
                .isTrue();
    }

    @Test
    void whatTheEventItselfCausesIsNotTransient() {
        assertThat(TransientFailures.isTransient(new ListenerExecutionFailedException(
                        "listener failed", new EventDecodingException("not an envelope", new IOException("wrapped")))))
                .isFalse();
        assertThat(TransientFailures.isTransient(new ListenerExecutionFailedException(
                        "listener failed", new IllegalArgumentException("no such type"))))
                .isFalse();
        assertThat(TransientFailures.isTransient(new DuplicateKeyException("dup")))
                .isFalse();
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
    }
}
