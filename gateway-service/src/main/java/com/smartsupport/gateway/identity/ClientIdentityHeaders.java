package com.smartsupport.gateway.identity;

import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Identity comes only from the validated token: headers a client might send to claim to be someone are removed
 * before a request is routed. One check, and a copy of the request only when such a header is there (six
 * {@code RemoveRequestHeader} filters made six copies of every request's headers, kept for as long as an event
 * stream stays open; CHANGELOG.md).
 */
@Component
class ClientIdentityHeaders implements GlobalFilter, Ordered {
    static final List<String> CLAIMED_IDENTITY =
            List.of("X-User-Id", "X-Customer-Id", "X-Agent-Id", "X-Roles", "X-Forwarded-User", "X-Auth-Subject");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (CLAIMED_IDENTITY.stream().noneMatch(headers::containsHeader)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate()
                .request(r -> r.headers(h -> CLAIMED_IDENTITY.forEach(h::remove)))
                .build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
