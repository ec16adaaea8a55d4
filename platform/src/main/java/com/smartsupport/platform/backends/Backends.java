package com.smartsupport.platform.backends;

import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancedExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Clients for the other services, by name ({@code profile-service}, ...): requests are spread over the instances
 * of {@link BackendInstancesProperties} by Spring Cloud LoadBalancer, and a call whose instance refuses the
 * connection goes to the next one ({@code spring.cloud.loadbalancer.retry.*} in smart-platform.yml: for every
 * method, so only idempotent calls belong here, as all of today's do). The one way a service calls another.
 */
public class Backends {
    private final WebClient.Builder builder;
    private final LoadBalancedExchangeFilterFunction loadBalancer;

    public Backends(WebClient.Builder builder, LoadBalancedExchangeFilterFunction loadBalancer) {
        this.builder = builder;
        this.loadBalancer = loadBalancer;
    }

    /** A client builder whose base URL is the service (add filters, codecs, then build). */
    public WebClient.Builder client(String serviceId) {
        return builder.clone().baseUrl("http://" + serviceId).filter(loadBalancer);
    }
}
