package com.smartsupport.platform.security;

import com.smartsupport.platform.web.ProblemWriter;
import com.smartsupport.platform.web.WebProblemsAutoConfiguration;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;

/**
 * Every service is an OAuth2 resource server: it validates the RS256 JWT itself (signature against the JWK
 * set, issuer, audience, expiry; configured under {@code spring.security.oauth2.resourceserver.jwt}), so a
 * request that bypasses the gateway gains nothing. Failures answer {@code application/problem+json}.
 */
@AutoConfiguration(after = WebProblemsAutoConfiguration.class)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class ServiceSecurityAutoConfiguration {

    /**
     * No observations of Spring Security's own (filter-chain phases, authentication, authorization) on every
     * request: noise in traces, a cost per request, and a decorated filter chain kept alive per open event stream
     * (CHANGELOG.md). Requests are still observed as a whole; refusals are problem details and logged.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Verified tokens are remembered (see {@link CachingJwtDecoder}; {@code smart.security.token-cache.*}), and a
     * token whose session has ended is refused, remembered or not ({@link RevocationCheckingJwtDecoder}).
     */
    @Bean
    static BeanPostProcessor cachingJwtDecoderPostProcessor(Environment env, ObjectProvider<RevokedSessions> revoked) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof ReactiveJwtDecoder decoder)
                        || bean instanceof CachingJwtDecoder
                        || bean instanceof RevocationCheckingJwtDecoder) {
                    return bean;
                }
                if (env.getProperty("smart.security.token-cache.enabled", Boolean.class, true)) {
                    decoder = new CachingJwtDecoder(
                            decoder,
                            env.getProperty("smart.security.token-cache.max-entries", Integer.class, 4096),
                            env.getProperty(
                                    "smart.security.token-cache.max-age", Duration.class, Duration.ofMinutes(5)),
                            Clock.systemUTC());
                }
                return new RevocationCheckingJwtDecoder(decoder, revoked::getIfAvailable);
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    SecurityWebFilterChain serviceSecurity(
            ServerHttpSecurity http, SecurityProperties properties, ProblemWriter problems) {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(Caller.ROLES_CLAIM);
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);

        ServerAuthenticationEntryPoint unauthenticated = (exchange, ex) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return problems.write(
                    exchange,
                    HttpStatus.UNAUTHORIZED,
                    "A valid bearer token is required: log in at /api/auth/login",
                    "unauthenticated");
        };
        ServerAccessDeniedHandler denied =
                (exchange, ex) -> problems.write(exchange, HttpStatus.FORBIDDEN, "You may not do this", "forbidden");

        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(ex -> ex.pathMatchers(properties.allPublicPaths())
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(converter)))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .build();
    }
}
