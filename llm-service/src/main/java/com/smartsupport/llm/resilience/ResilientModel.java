package com.smartsupport.llm.resilience;

import com.smartsupport.llm.prompt.PromptBuilder.BuiltPrompt;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The model call with Resilience4j around it, as the only retry layer (the OpenAI SDK's retries are off):
 * <ul>
 *   <li>a bulkhead (outermost): at most {@code maxConcurrentCalls} replies in flight; overflow fails at once;</li>
 *   <li>retries, only before the first chunk reached the customer, only for rate limits, 408/409/5xx,
 *       timeouts and connection errors, with jittered exponential backoff that waits at least what
 *       Retry-After / x-ratelimit-reset-* ask (a wait longer than {@code maxRetryAfter} is not worth the
 *       customer's time: the fallback answers at once);</li>
 *   <li>a circuit breaker per attempt, counting only provider faults; while open no upstream call is made
 *       except the half-open probes;</li>
 *   <li>a first-token timeout and an idle timeout between chunks, instead of one overall limit.</li>
 * </ul>
 * A failure surfaces as an error whose {@link ModelFailure} says what happened; the caller answers with the
 * grounded fallback, or closes a partly streamed reply.
 */
public class ResilientModel {
    private static final Logger log = LoggerFactory.getLogger(ResilientModel.class);

    private final ModelReplies model;
    private final ModelResilienceProperties props;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Bulkhead bulkhead;
    private final Counter authFailures;
    private final MeterRegistry meters;
    private final Timer timeToFirstToken;

    public ResilientModel(ModelReplies model, ModelResilienceProperties props, MeterRegistry meters) {
        this.model = model;
        this.props = props;
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        this.breaker = breakers.circuitBreaker(
                "model",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(props.breakerWindow())
                        .minimumNumberOfCalls(props.breakerMinCalls())
                        .failureRateThreshold(props.breakerFailureRate())
                        .waitDurationInOpenState(props.breakerOpenFor())
                        .permittedNumberOfCallsInHalfOpenState(props.breakerProbes())
                        .recordException(e -> ModelFailure.of(e).providerFault())
                        .build());
        RetryRegistry retries = RetryRegistry.ofDefaults();
        this.retry = retries.retry(
                "model",
                RetryConfig.custom()
                        .maxAttempts(props.maxAttempts())
                        .retryOnException(this::worthRetrying)
                        .intervalBiFunction((attempt, either) -> either.isLeft()
                                ? delay(either.getLeft(), attempt)
                                : props.backoff().toMillis())
                        .failAfterMaxAttempts(false)
                        .build());
        BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        this.bulkhead = bulkheads.bulkhead(
                "model",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(props.maxConcurrentCalls())
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        // resilience4j_circuitbreaker_state, _calls, resilience4j_retry_calls, resilience4j_bulkhead_* in Prometheus
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        this.meters = meters;
        this.timeToFirstToken = Timer.builder("smart.llm.time.to.first.token")
                .description("From the model call to its first text chunk, including retries")
                .publishPercentileHistogram()
                .register(meters);
        this.authFailures = Counter.builder("smart.llm.auth.failures")
                .description("401 from the model provider: the API key is wrong or revoked")
                .register(meters);
        this.retry
                .getEventPublisher()
                .onRetry(e -> log.info(
                        "model call retry {} in {} after {}",
                        e.getNumberOfRetryAttempts(),
                        e.getWaitInterval(),
                        ModelFailure.of(e.getLastThrowable())));
        this.breaker.getEventPublisher().onStateTransition(e -> log.warn("model circuit {}", e.getStateTransition()));
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public Bulkhead bulkhead() {
        return bulkhead;
    }

    public Flux<ReplyChunk> stream(BuiltPrompt prompt) {
        return stream(prompt, ModelTools.NONE);
    }

    /**
     * The reply with the tools it may call. The rounds of one reply are one attempt: a retry (before anything
     * reached the customer) runs them again, which is safe because reading tools change nothing and a proposal's
     * id is derived from the reply, so proposing again proposes the same action.
     */
    public Flux<ReplyChunk> stream(BuiltPrompt prompt, ModelTools tools) {
        AtomicBoolean emitted = new AtomicBoolean();
        Flux<ReplyChunk> attempt = Flux.defer(() -> model.stream(prompt, tools))
                .timeout(Mono.delay(props.firstTokenTimeout()), chunk -> Mono.delay(props.idleTimeout()))
                .doOnNext(chunk -> emitted.compareAndSet(false, !chunk.text().isEmpty()))
                .onErrorMap(e -> emitted.get() && !(e instanceof StreamBrokenException), StreamBrokenException::new)
                .transformDeferred(CircuitBreakerOperator.of(breaker));
        Flux<ReplyChunk> guarded = attempt.transformDeferred(RetryOperator.of(retry))
                // an overall deadline for the first chunk across all attempts and backoffs
                .timeout(Mono.delay(props.firstChunkDeadline()), chunk -> Mono.never())
                .transformDeferred(BulkheadOperator.of(bulkhead))
                .doOnError(e -> {
                    if (ModelFailure.of(e) == ModelFailure.AUTH) {
                        authFailures.increment();
                        log.error("the model provider refused our API key (401): check OPENAI_API_KEY");
                    }
                });
        return Flux.defer(() -> {
            long start = System.nanoTime();
            AtomicBoolean first = new AtomicBoolean();
            return guarded.doOnNext(chunk -> {
                        if (!chunk.text().isEmpty() && first.compareAndSet(false, true)) {
                            timeToFirstToken.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        }
                    })
                    .doOnComplete(() -> requestTimer("success").record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                    .doOnError(e -> {
                        ModelFailure failure = ModelFailure.of(e);
                        // a call never made (circuit open, bulkhead full) is a rejection, not a model error
                        String outcome = failure == ModelFailure.CIRCUIT_OPEN || failure == ModelFailure.BULKHEAD_FULL
                                ? "rejected"
                                : "error";
                        requestTimer(outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    });
        });
    }

    /** smart_llm_request_seconds{outcome=success|error|rejected}: a model call with its retries, start to end. */
    private Timer requestTimer(String outcome) {
        return Timer.builder("smart.llm.request")
                .tag("outcome", outcome)
                .description("Model calls, including retries, from request to the last chunk")
                .publishPercentileHistogram()
                .register(meters);
    }

    private boolean worthRetrying(Throwable e) {
        ModelFailure failure = ModelFailure.of(e);
        if (!failure.retryable()) {
            return false;
        }
        return ModelFailure.retryAfter(e)
                .map(d -> d.compareTo(props.maxRetryAfter()) <= 0)
                .orElse(true);
    }

    /** Jittered exponential backoff, never shorter than what the provider asked for. */
    private long delay(Throwable e, int attempt) {
        long base = props.backoff().toMillis() * (1L << Math.max(0, Math.min(attempt - 1, 10)));
        long jittered = (long) (Math.min(base, props.maxBackoff().toMillis())
                * ThreadLocalRandom.current().nextDouble(0.5, 1.5));
        long asked = ModelFailure.retryAfter(e).map(Duration::toMillis).orElse(0L);
        return Math.max(jittered, asked);
    }
}
