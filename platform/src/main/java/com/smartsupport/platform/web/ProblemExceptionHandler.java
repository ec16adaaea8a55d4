package com.smartsupport.platform.web;

import com.smartsupport.platform.errors.Causes;
import com.smartsupport.platform.resilience.TransientFailures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every exception that reaches the web layer into {@code application/problem+json}: client mistakes keep
 * their 4xx status with a plain explanation, anything unexpected becomes a 500 that says nothing about the
 * internals (the stack trace goes to the log only). Runs before Boot's default error handler.
 */
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler, ServerExchangeRejectedHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    /** What a 503 for an outage tells clients to wait before retrying. */
    static final long RETRY_AFTER_SECONDS = 5;

    private final ProblemWriter writer;

    public ProblemExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        if (ex instanceof ErrorResponse response) {
            // e.g. Retry-After on a 429, Allow on a 405
            response.getHeaders()
                    .forEach((name, values) ->
                            exchange.getResponse().getHeaders().put(name, values));
        } else if (TransientFailures.isTransient(ex)) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
        }
        return writer.write(exchange, toProblem(ex));
    }

    /**
     * Spring Security's firewall refusing a request before anything else sees it (an encoded slash or dot, "..",
     * ";", NUL, a method such as TRACE): a 400 problem instead of its bare, bodiless 400. Picked up as the unique
     * {@code ServerExchangeRejectedHandler} bean.
     */
    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException ex) {
        log.debug("request refused by the firewall: {}", ex.getMessage());
        return writer.write(
                exchange,
                HttpStatus.BAD_REQUEST,
                "The request was refused: its path, query or method is not allowed",
                "malformed-request");
    }

    /** Field errors listed in a validation problem; the rest are counted in {@code moreErrors}. */
    static final int MAX_FIELD_ERRORS = 20;

    static ProblemDetail toProblem(Throwable ex) {
        if (ex instanceof WebExchangeBindException bind) {
            ProblemDetail problem =
                    ProblemWriter.problem(HttpStatus.BAD_REQUEST, "The request body is invalid", "validation");
            // at most MAX_FIELD_ERRORS: a list of 10,000 bad elements must not come back as a 600 KB answer
            List<Map<String, Object>> errors = bind.getFieldErrors().stream()
                    .limit(MAX_FIELD_ERRORS)
                    .map(fe -> {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("field", fe.getField());
                        e.put("message", fe.getDefaultMessage());
                        return e;
                    })
                    .toList();
            problem.setProperty("errors", errors);
            if (bind.getFieldErrorCount() > MAX_FIELD_ERRORS) {
                problem.setProperty("moreErrors", bind.getFieldErrorCount() - MAX_FIELD_ERRORS);
            }
            return problem;
        }
        if (Causes.has(ex, DataBufferLimitException.class)) {
            return ProblemWriter.problem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is larger than this " + "endpoint accepts",
                    "payload-too-large");
        }
        if (ex instanceof ServerWebInputException input) {
            String detail = Causes.has(input, DecodingException.class)
                    ? "The request body is not valid JSON of the expected shape"
                    : input.getReason() != null ? input.getReason() : "The request is malformed";
            return ProblemWriter.problem(HttpStatus.BAD_REQUEST, detail, "malformed-request");
        }
        if (ex instanceof InvalidMediaTypeException) {
            // an Accept or Content-Type header that does not parse, met where no handler catches it (e.g. GET /)
            return ProblemWriter.problem(
                    HttpStatus.BAD_REQUEST, "The Accept or Content-Type header is not valid", "malformed-request");
        }
        if (ex instanceof ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            ProblemDetail body = response.getBody();
            ProblemDetail problem = ProblemWriter.problem(
                    status,
                    body.getDetail() != null
                            ? body.getDetail()
                            : HttpStatus.valueOf(status.value()).getReasonPhrase(),
                    body.getType() != null && body.getType().toString().startsWith(ProblemWriter.TYPE_PREFIX)
                            ? body.getType().toString().substring(ProblemWriter.TYPE_PREFIX.length())
                            : slug(status));
            if (body.getProperties() != null) {
                body.getProperties().forEach(problem::setProperty);
            }
            if (status.is5xxServerError()) {
                log.warn("request failed with {}: {}", status, ex.toString());
            }
            return problem;
        }
        if (TransientFailures.isTransient(ex)) {
            // MongoDB, the broker or a service is unreachable: say so at once, the client may retry
            log.warn("request failed, a dependency is unavailable: {}", ex.toString());
            return ProblemWriter.problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "The service is briefly unavailable; nothing was changed, please try again in a few seconds",
                    "unavailable");
        }
        log.error("unexpected error", ex);
        return ProblemWriter.problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; nothing you sent was lost",
                "internal");
    }

    private static String slug(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            case 503 -> "unavailable";
            default -> "http-" + status.value();
        };
    }
}
