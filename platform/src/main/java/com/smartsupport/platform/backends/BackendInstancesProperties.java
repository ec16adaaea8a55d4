package com.smartsupport.platform.backends;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each backend service runs ({@code smart.backends.instances.<service-id>}): one base URL, or several
 * separated by commas ({@code SMART_INSTANCES=2 ./run} starts two of each). The gateway's routes
 * ({@code lb://conversation-service}) and the services' clients ({@link Backends}) name services; Spring Cloud
 * LoadBalancer spreads requests over these URLs. In Kubernetes each list is the one URL of the service's Kubernetes
 * Service, which balances over the pods itself.
 */
@ConfigurationProperties("smart.backends")
public record BackendInstancesProperties(Map<String, String> instances) {

    public BackendInstancesProperties {
        instances = instances == null ? Map.of() : Map.copyOf(instances);
        instances.forEach((service, urls) -> {
            if (uris(urls).isEmpty()) {
                throw new IllegalArgumentException("smart.backends.instances." + service + " names no URL");
            }
        });
    }

    /** The base URLs of one service, in the order given. */
    public List<URI> of(String service) {
        String urls = instances.get(service);
        return urls == null ? List.of() : uris(urls);
    }

    private static List<URI> uris(String urls) {
        return Arrays.stream(urls.split(","))
                .map(String::strip)
                .filter(u -> !u.isEmpty())
                .map(u -> {
                    URI uri = URI.create(u);
                    if (uri.getHost() == null || uri.getScheme() == null) {
                        throw new IllegalArgumentException("not a base URL (scheme://host:port): " + u);
                    }
                    return uri;
                })
                .toList();
    }
}
