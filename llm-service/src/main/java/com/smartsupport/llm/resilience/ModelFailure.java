package com.smartsupport.llm.resilience;

import static com.smartsupport.platform.errors.Causes.find;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What went wrong with a model call, read from the OpenAI SDK's exceptions (wherever they sit in the cause
 * chain: streaming wraps them), and what follows from it: retry or not, count against the circuit or not.
 */
public enum ModelFailure {
    /** 429 with a rate limit: retry after Retry-After / x-ratelimit-reset-*. */
    RATE_LIMITED(true, true),
    /** 429 insufficient_quota: the account is out of credit; retrying cannot help. */
    QUOTA(false, true),
    /** 408, 409 or 5xx. */
    SERVER(true, true),
    /** No first chunk in time, or the connection failed or was reset. */
    TIMEOUT(true, true),
    CONNECTION(true, true),
    /** 401: our key is wrong; raises an alert metric. */
    AUTH(false, false),
    /** 400, 403, 404, 422: the request is wrong; the provider is fine. */
    REJECTED(false, false),
    /** The provider sent something unreadable. */
    MALFORMED(false, true),
    /** The stream broke after the customer already saw some of it: never retried (it would duplicate text). */
    STREAM_BROKEN(false, true),
    CIRCUIT_OPEN(false, false),
    BULKHEAD_FULL(false, false),
    OTHER(false, true);

    private final boolean retryable;
    private final boolean providerFault;

    ModelFailure(boolean retryable, boolean providerFault) {
        this.retryable = retryable;
        this.providerFault = providerFault;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Counts against the circuit breaker: a sign the provider is unhealthy, not that our request was bad. */
    public boolean providerFault() {
        return providerFault;
    }

    public String reason() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModelFailure of(Throwable error) {
        if (find(error, StreamBrokenException.class).isPresent()) {
            return STREAM_BROKEN;
        }
        if (find(error, CallNotPermittedException.class).isPresent()) {
            return CIRCUIT_OPEN;
        }
        if (find(error, BulkheadFullException.class).isPresent()) {
            return BULKHEAD_FULL;
        }
        Optional<OpenAIServiceException> service = find(error, OpenAIServiceException.class);
        if (service.isPresent()) {
            int status = service.get().statusCode();
            if (status == 429) {
                return "insufficient_quota".equals(service.get().code().orElse(null)) ? QUOTA : RATE_LIMITED;
            }
            if (status == 401) {
                return AUTH;
            }
            if (status == 408 || status == 409 || status >= 500) {
                return SERVER;
            }
            return REJECTED;
        }
        // before the I/O checks: Jackson's parse errors are IOExceptions
        if (find(error, OpenAIInvalidDataException.class).isPresent()
                || find(error, SseException.class).isPresent()
                || find(error, JsonProcessingException.class).isPresent()) {
            return MALFORMED;
        }
        if (find(error, TimeoutException.class).isPresent()
                || find(error, HttpTimeoutException.class).isPresent()
                || find(error, SocketTimeoutException.class).isPresent()) {
            return TIMEOUT;
        }
        if (find(error, OpenAIIoException.class).isPresent()
                || find(error, ConnectException.class).isPresent()
                || find(error, SocketException.class).isPresent()
                || find(error, EOFException.class).isPresent()
                || find(error, IOException.class).isPresent()) {
            return CONNECTION;
        }
        return OTHER;
    }

    /** How long the provider asked us to wait, from Retry-After (seconds or a date) or x-ratelimit-reset-*. */
    public static Optional<Duration> retryAfter(Throwable error) {
        Optional<OpenAIServiceException> service = find(error, OpenAIServiceException.class);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        var headers = service.get().headers();
        for (String name :
                List.of("retry-after-ms", "retry-after", "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens")) {
            List<String> values = headers.values(name);
            if (!values.isEmpty()) {
                Optional<Duration> d = parse(name, values.get(0).trim());
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    private static final Pattern GO_DURATION =
            Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:([\\d.]+)s)?(?:(\\d+)ms)?");

    static Optional<Duration> parse(String header, String value) {
        try {
            if (header.equals("retry-after-ms")) {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(value)));
            }
            if (value.matches("\\d+(\\.\\d+)?")) {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
            }
            if (header.equals("retry-after")) {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            }
            Matcher m = GO_DURATION.matcher(value); // x-ratelimit-reset-*: "1s", "6m0s", "20ms"
            if (m.matches() && !value.isEmpty()) {
                long ms = 0;
                ms += m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 3_600_000;
                ms += m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 60_000;
                ms += m.group(3) == null ? 0 : (long) (Double.parseDouble(m.group(3)) * 1000);
                ms += m.group(4) == null ? 0 : Long.parseLong(m.group(4));
                return Optional.of(Duration.ofMillis(ms));
            }
        } catch (RuntimeException ignored) {
            // an unreadable header is as good as none
        }
        return Optional.empty();
    }
}
