package com.smartsupport.platform.security;

import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param publicPaths path patterns a service opens without a token (login, the JWK set, the web client), on top
 *                    of {@link #ALWAYS_PUBLIC}
 */
@ConfigurationProperties("smart.security")
public record SecurityProperties(List<String> publicPaths) {
    /** Probes, metrics and the API description are open on every service; the gateway does not route to them. */
    public static final List<String> ALWAYS_PUBLIC = List.of(
            "/actuator/health/**",
            "/actuator/info",
            "/actuator/prometheus",
            "/v3/api-docs/**",
            "/swagger-ui.html",
            "/swagger-ui/**",
            "/webjars/**");

    public SecurityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }

    public String[] allPublicPaths() {
        return Stream.concat(ALWAYS_PUBLIC.stream(), publicPaths.stream()).toArray(String[]::new);
    }
}
