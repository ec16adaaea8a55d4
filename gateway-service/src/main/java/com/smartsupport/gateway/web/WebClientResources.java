package com.smartsupport.gateway.web;

import com.smartsupport.gateway.widget.SiteEmbeds;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * How the web client (built from {@code gateway-service/web} into {@code static/}) is served: its content-hashed
 * files under {@code /assets/} are cached for a year, the page itself is revalidated on every load (Spring
 * Security's default no-store), and every page carries a strict Content-Security-Policy so that nothing but the
 * client's own scripts can run, whatever text a message contains.
 */
@Configuration(proxyBeanMethods = false)
class WebClientResources implements WebFluxConfigurer {
    static final String CONTENT_SECURITY_POLICY = policy("'none'");
    /** The page of the chat a shop's site embeds (the widget's frame): framed by that site's origins only. */
    static final String WIDGET_FRAME = "/widget.html";

    static String policy(String frameAncestors) {
        return String.join(
                "; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "connect-src 'self'",
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors " + frameAncestors);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/static/assets/")
                .setCacheControl(
                        CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }

    /**
     * The security headers of every page; the widget's frame ({@code /widget.html?site=<siteId>}) may be framed by
     * exactly the origins registered for that site ({@link SiteEmbeds}), every other page by nobody.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter webClientSecurityHeaders(SiteEmbeds embeds) {
        return (exchange, chain) -> {
            String path = exchange.getRequest().getPath().value();
            if (path.startsWith("/api/")) {
                return chain.filter(exchange);
            }
            Mono<String> ancestors = path.equals(WIDGET_FRAME)
                    ? embeds.frameAncestors(
                            exchange.getRequest().getQueryParams().getFirst("site"))
                    : Mono.just(SiteEmbeds.NOWHERE);
            return ancestors.flatMap(frameAncestors -> {
                exchange.getResponse().beforeCommit(() -> {
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    headers.set("Content-Security-Policy", policy(frameAncestors));
                    headers.set("Referrer-Policy", "no-referrer");
                    headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
                    headers.set("Cross-Origin-Opener-Policy", "same-origin");
                    return Mono.empty();
                });
                return chain.filter(exchange);
            });
        };
    }
}
