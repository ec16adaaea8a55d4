package com.smartsupport.escalation.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EscalationPropertiesTest {

    private static EscalationProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(EscalationProperties.PREFIX, Bindable.of(EscalationProperties.class));
    }

    @Test
    void defaultsHoldWhenNothingOrAnEmptyValueIsSet() {
        // application.yml: max-cases-per-agent: ${SMART_MAX_CASES_PER_AGENT:}, empty when the variable is unset
        for (EscalationProperties p :
                new EscalationProperties[] {bind(Map.of()), bind(Map.of("smart.escalation.max-cases-per-agent", ""))}) {
            assertThat(p.maxCasesPerAgent()).isEqualTo(3);
            assertThat(p.assignInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(p.averageHandleTime()).isEqualTo(Duration.ofMinutes(6));
            assertThat(p.maxRequestsInFlight()).isEqualTo(64);
            assertThat(p.metricsInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.cannedResponses()).isEmpty();
        }
    }

    @Test
    void theDocumentedNamesSetThem() {
        EscalationProperties p = bind(Map.of(
                "smart.escalation.max-cases-per-agent",
                "10",
                "smart.escalation.assign-interval",
                "1h",
                "smart.escalation.max-requests-in-flight",
                "8",
                "smart.escalation.metrics-interval",
                "30s"));

        assertThat(p.maxCasesPerAgent()).isEqualTo(10);
        assertThat(p.assignInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(p.maxRequestsInFlight()).isEqualTo(8);
        assertThat(p.metricsInterval()).isEqualTo(Duration.ofSeconds(30));
    }
}
