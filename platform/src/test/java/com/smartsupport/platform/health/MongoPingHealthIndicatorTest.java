package com.smartsupport.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.smartsupport.platform.testsupport.EmbeddedInfra;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The health check against an in-memory MongoDB-wire server, up and gone (./run's own H2-backed server, which does
 * not know Spring Boot's {@code hello}, is checked by the end-to-end and fault tests through /actuator/health).
 */
class MongoPingHealthIndicatorTest {

    @Test
    void embeddedServerIsUp() {
        try (MongoClient client = MongoClients.create(EmbeddedInfra.mongoUri())) {
            Health ours = new MongoPingHealthIndicator(client, Duration.ofSeconds(2))
                    .health()
                    .block();
            assertThat(ours.getStatus()).isEqualTo(Status.UP);
            assertThat(ours.getDetails()).containsKey("pingMillis");
        }
    }

    @Test
    void serverThatGoesAwayIsDownWithinTheTimeout() {
        MongoServer server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + address.getPort()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoPingHealthIndicator indicator = new MongoPingHealthIndicator(client, Duration.ofMillis(800));
            assertThat(indicator.health().block().getStatus()).isEqualTo(Status.UP);

            server.shutdownNow();
            long started = System.nanoTime();
            Health health = indicator.health().block();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            // bounded by the indicator's timeout, not the driver's 10 s server selection
            assertThat(millis).isLessThan(5_000);
        } finally {
            server.shutdownNow();
        }
    }
}
