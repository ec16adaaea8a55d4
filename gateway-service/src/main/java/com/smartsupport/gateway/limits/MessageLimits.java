package com.smartsupport.gateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.smartsupport.platform.web.ProblemWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Limits at the door, per signed-in user: the size of a request body (413 before it reaches a service) and the
 * rate of chat messages (customers' messages and agents' replies): a token bucket per user, {@code 429} with
 * {@code Retry-After} when it is empty. Both answer with problem details; nothing is forwarded, so nothing is
 * half-accepted. Buckets live in this gateway instance (with several instances, each allows the rate: a user's
 * requests are spread, so the effective limit is at most instances × rate).
 * <p>
 * Bodies are limited to {@code smart.limits.max-body} (64KB) except the knowledge base's two writes: an import
 * ({@code POST /api/knowledge/import}, multipart Markdown files) up to {@code max-import-body} (2MB) and an article
 * ({@code POST /api/knowledge/articles}, {@code PUT /api/knowledge/articles/{id}}) up to {@code max-article-body}
 * (512KB). A declared {@code Content-Length} over the limit is refused at once; a body sent without one (chunked)
 * is counted as it passes and refused with the same 413 problem once it goes over.
 */
@Component
class MessageLimits implements GlobalFilter, Ordered {
    static final Pattern MESSAGE_PATHS =
            Pattern.compile("^/api/conversations/[^/]+/messages$|^/api/escalations/[^/]+/messages$");
    static final String KNOWLEDGE_IMPORT = "/api/knowledge/import";
    static final Pattern KNOWLEDGE_ARTICLE = Pattern.compile("^/api/knowledge/articles(/[^/]+)?$");
    static final String TOO_LARGE = "request-too-large";

    private final ProblemWriter problems;
    private final long maxBodyBytes;
    private final long maxImportBytes;
    private final long maxArticleBytes;
    private final double perSecond;
    private final double burst;
    /**
     * A user's bucket is forgotten once nobody used it for as long as it takes to fill up again (five minutes at
     * least): a bucket rebuilt then is what it would have been, and memory follows active users only.
     */
    private final Cache<String, Bucket> buckets;

    MessageLimits(ProblemWriter problems, LimitsProperties limits) {
        this.problems = problems;
        this.maxBodyBytes = limits.maxBody().toBytes();
        this.maxImportBytes = limits.maxImportBody().toBytes();
        this.maxArticleBytes = limits.maxArticleBody().toBytes();
        this.perSecond = limits.messagesPerMinute() / 60.0;
        this.burst = limits.messageBurst();
        Duration refill = Duration.ofMillis((long) Math.ceil(burst / perSecond * 1000));
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(refill.compareTo(Duration.ofMinutes(5)) > 0 ? refill : Duration.ofMinutes(5))
                .build();
    }

    /** The largest body this request may carry. */
    long maxBodyFor(HttpMethod method, String path) {
        if (method == HttpMethod.POST && KNOWLEDGE_IMPORT.equals(path)) {
            return maxImportBytes;
        }
        if ((method == HttpMethod.POST || method == HttpMethod.PUT)
                && KNOWLEDGE_ARTICLE.matcher(path).matches()) {
            return maxArticleBytes;
        }
        return maxBodyBytes;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long max = maxBodyFor(request.getMethod(), request.getPath().value());
        long length = request.getHeaders().getContentLength();
        if (length > max) {
            return problems.write(
                    exchange,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is " + length + " bytes; at most " + max + " are accepted",
                    TOO_LARGE);
        }
        if (length < 0
                && (request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)
                        || request.getMethod() == HttpMethod.POST
                        || request.getMethod() == HttpMethod.PUT
                        || request.getMethod() == HttpMethod.PATCH)) {
            // no declared length: count the body as it is forwarded (only such requests pay for a copy)
            exchange = exchange.mutate().request(new LimitedBody(request, max)).build();
        }
        return limitMessages(exchange, chain);
    }

    private Mono<Void> limitMessages(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (exchange.getRequest().getMethod() != HttpMethod.POST
                || !MESSAGE_PATHS
                        .matcher(exchange.getRequest().getPath().value())
                        .matches()) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map(p -> ((Authentication) p).getName())
                .flatMap(user -> {
                    long waitMillis = buckets.get(user, u -> new Bucket(burst)).take(perSecond, burst);
                    if (waitMillis == 0) {
                        return chain.filter(exchange).thenReturn(true);
                    }
                    long seconds = Math.max(1, (waitMillis + 999) / 1000);
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                    return problems.write(
                                    exchange,
                                    HttpStatus.TOO_MANY_REQUESTS,
                                    "Too many messages; please wait " + seconds + " s",
                                    "too-many-messages")
                            .thenReturn(true);
                })
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(true))) // the service answers 401
                .then();
    }

    /** A body without a declared length, cut off with a 413 once it is larger than {@code max} bytes. */
    static final class LimitedBody extends ServerHttpRequestDecorator {
        private final long max;

        LimitedBody(ServerHttpRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > max) {
                    DataBufferUtils.release(buffer);
                    sink.error(tooLarge(max));
                } else {
                    sink.next(buffer);
                }
            });
        }
    }

    static ResponseStatusException tooLarge(long max) {
        ResponseStatusException e = new ResponseStatusException(
                HttpStatus.CONTENT_TOO_LARGE,
                "The request body is more than " + max + " bytes; at most " + max + " are accepted");
        e.setType(URI.create(ProblemWriter.TYPE_PREFIX + TOO_LARGE));
        return e;
    }

    /** A token bucket: {@code burst} messages at once, refilled at {@code perSecond}. */
    static final class Bucket {
        private double tokens;
        private long last = System.nanoTime();

        Bucket(double burst) {
            this.tokens = burst;
        }

        /** Takes one token: 0, or how many milliseconds until one is there. */
        synchronized long take(double perSecond, double burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond * 1000);
        }
    }
}
