package com.smartsupport.platform.resilience;

import com.smartsupport.platform.errors.Causes;
import java.util.Set;

/**
 * Tells an outage from a bad event. A consumer that fails because MongoDB, the broker or another service is
 * unreachable or slow must wait and try again — parking a valid event on the dead-letter topic would lose a
 * customer's message or reply. Only what fails for a reason carried by the event itself (it cannot be decoded, it
 * breaks an invariant) is retried a bounded number of times and then dead-lettered.
 * <p>
 * Classes are matched by name along the cause chain so that the platform needs neither the MongoDB driver nor a
 * web client on its class path.
 */
public final class TransientFailures {
    private static final Set<String> TRANSIENT_TYPES = Set.of(
            // Spring's data-access outage family (MongoDB unreachable, timeouts, pool exhausted)
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.TransientDataAccessException",
            "org.springframework.dao.QueryTimeoutException",
            "org.springframework.dao.PessimisticLockingFailureException",
            // the MongoDB driver itself
            "com.mongodb.MongoSocketException",
            "com.mongodb.MongoTimeoutException",
            "com.mongodb.MongoExecutionTimeoutException",
            "com.mongodb.MongoConnectionPoolClearedException",
            "com.mongodb.MongoNotPrimaryException",
            "com.mongodb.MongoNodeIsRecoveringException",
            // Kafka: the broker is restarting or unreachable
            "org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.TimeoutException",
            "org.apache.kafka.common.errors.DisconnectException",
            // another service is unreachable or answered 5xx
            "org.springframework.web.reactive.function.client.WebClientRequestException",
            "org.springframework.web.reactive.function.client.WebClientResponseException$ServiceUnavailable",
            "org.springframework.web.reactive.function.client.WebClientResponseException$BadGateway",
            "org.springframework.web.reactive.function.client.WebClientResponseException$GatewayTimeout",
            // Reactor's block(timeout) and plain I/O
            "java.util.concurrent.TimeoutException",
            "java.net.ConnectException",
            "java.net.SocketTimeoutException",
            "java.io.IOException");

    /** Never an outage, whatever they wrap: an event that cannot be read stays unreadable. */
    private static final Set<String> PERMANENT_TYPES = Set.of(
            "com.smartsupport.platform.events.EventDecodingException",
            "com.fasterxml.jackson.core.JacksonException",
            "tools.jackson.core.JacksonException");

    private TransientFailures() {}

    /** True if the failure, or anything in its cause chain, is an outage rather than a property of the event. */
    public static boolean isTransient(Throwable failure) {
        // the first throwable of the chain that is known either way decides
        return Causes.first(failure, t -> classify(t) != null)
                .map(TransientFailures::classify)
                .orElse(false);
    }

    /** True for an outage, false for a permanent failure, null for a class known neither way. */
    private static Boolean classify(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (PERMANENT_TYPES.contains(c.getName())) {
                return false;
            }
            if (TRANSIENT_TYPES.contains(c.getName())) {
                return true;
            }
        }
        return null;
    }
}
