package com.smartsupport.platform.web;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Registers the problem-details exception handler in every service and the gateway, and makes JSON binding
 * strict about types: {@code {"text": 42}} is a 400, not the string "42".
 */
@AutoConfiguration
public class WebProblemsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProblemWriter problemWriter() {
        return new ProblemWriter();
    }

    @Bean
    ProblemExceptionHandler problemExceptionHandler(ProblemWriter writer) {
        return new ProblemExceptionHandler(writer);
    }

    /**
     * No observation (metrics timer, trace span) for a server-sent-event stream: it lasts as long as the client
     * stays, so its "duration" says nothing and skews the latency histograms, and an open observation kept a span,
     * its context and tags alive per idle stream (a third of a stream's memory, CHANGELOG.md). Open streams
     * are counted by {@code smart_sse_streams_active} instead.
     */
    @Bean
    ObservationPredicate noObservationForEventStreams() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && SseStreams.isEventStream(server.getCarrier()));
    }

    @Bean
    @ConditionalOnClass(JsonMapperBuilderCustomizer.class)
    JsonMapperBuilderCustomizer strictScalarTypes() {
        return builder -> builder.withCoercionConfig(
                        LogicalType.Textual,
                        c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }
}
