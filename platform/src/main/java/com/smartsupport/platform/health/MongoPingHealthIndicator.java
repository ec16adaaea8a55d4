package com.smartsupport.platform.health;

import com.mongodb.reactivestreams.client.MongoClient;
import java.time.Duration;
import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/**
 * Whether MongoDB answers: a {@code ping} on the {@code admin} database, which every MongoDB server and the embedded
 * MongoDB-wire server of {@code ./run} know. Spring Boot's own indicator sends {@code hello}, which the embedded
 * server does not know, so {@code /actuator/health} said DOWN there while every request worked.
 *
 * <p>The check is bounded: with MongoDB unreachable it reports DOWN after {@code timeout}, it never holds a probe for
 * the driver's server-selection time.
 */
public class MongoPingHealthIndicator extends AbstractReactiveHealthIndicator {
    private static final Document PING = new Document("ping", 1);

    private final MongoClient client;
    private final Duration timeout;

    public MongoPingHealthIndicator(MongoClient client, Duration timeout) {
        super("MongoDB health check failed");
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        long started = System.nanoTime();
        return Mono.from(client.getDatabase("admin").runCommand(PING))
                .timeout(timeout)
                .map(answer -> {
                    Object ok = answer.get("ok");
                    boolean up = ok instanceof Number n && n.doubleValue() == 1.0;
                    return (up ? builder.up() : builder.down().withDetail("answer", answer.toJson()))
                            .withDetail("pingMillis", (System.nanoTime() - started) / 1_000_000)
                            .build();
                });
    }
}
