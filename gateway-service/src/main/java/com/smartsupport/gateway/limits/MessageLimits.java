package com.smartsupport.gateway.limits;

import com.smartsupport.platform.web.ProblemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Limits at the door, per signed-in user: the size of a request body (413 before it reaches a service) and the
 * rate of chat messages (customers' messages and agents' replies): a token bucket per user, {@code 429} with
 * {@code Retry-After} when it is empty. Both answer with problem details; nothing is forwarded, so nothing is
 * half-accepted. Buckets live in this gateway instance (with several instances, each allows the rate: a user's
 * requests are spread, so the effective limit is at most instances × rate).
 */
@Component
class MessageLimits implements GlobalFilter, Ordered {
    static final Pattern MESSAGE_PATHS = Pattern.compile(
            "^/api/conversations/[^/]+/messages$|^/api/escalations/[^/]+/messages$");

    private final ProblemWriter problems;
    private final long maxBodyBytes;
    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    MessageLimits(ProblemWriter problems,
                  @Value("${smart.limits.max-body:64KB}") DataSize maxBody,
                  @Value("${smart.limits.messages-per-minute:30}") int perMinute,
                  @Value("${smart.limits.message-burst:10}") int burst) {
        this.problems = problems;
        this.maxBodyBytes = maxBody.toBytes();
        this.perSecond = perMinute / 60.0;
        this.burst = burst;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxBodyBytes) {
            return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is " + length + " bytes; at most " + maxBodyBytes + " are accepted",
                    "request-too-large");
        }
        if (exchange.getRequest().getMethod() != HttpMethod.POST
                || !MESSAGE_PATHS.matcher(exchange.getRequest().getPath().value()).matches()) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .filter(Authentication.class::isInstance)
                .map(p -> ((Authentication) p).getName())
                .flatMap(user -> {
                    long waitMillis = buckets.computeIfAbsent(user, u -> new Bucket(burst)).take(perSecond, burst);
                    if (waitMillis == 0) {
                        return chain.filter(exchange).thenReturn(true);
                    }
                    long seconds = Math.max(1, (waitMillis + 999) / 1000);
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                    return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS,
                            "Too many messages; please wait " + seconds + " s", "too-many-messages").thenReturn(true);
                })
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).thenReturn(true))) // the service answers 401
                .then();
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

        synchronized boolean idleFor(Duration d, double perSecond, double burst) {
            return tokens + (System.nanoTime() - last) / 1e9 * perSecond >= burst
                    && System.nanoTime() - last > d.toNanos();
        }
    }

    /** Full buckets of users gone quiet are forgotten, so memory follows active users only. */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelay = 60_000)
    void forgetIdle() {
        buckets.entrySet().removeIf(e -> e.getValue().idleFor(Duration.ofMinutes(5), perSecond, burst));
    }
}
