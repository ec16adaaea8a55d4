package com.smartsupport.platform.backends;

import java.net.URI;
import java.util.List;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;

/**
 * The backend instances of {@link BackendInstancesProperties} as a discovery client, which Spring Cloud
 * LoadBalancer reads for {@code lb://} routes (round robin; an instance that refuses a connection is skipped by the
 * retry, see application.yml).
 */
public class BackendDiscoveryClient implements ReactiveDiscoveryClient {
    private final BackendInstancesProperties backends;

    public BackendDiscoveryClient(BackendInstancesProperties backends) {
        this.backends = backends;
    }

    @Override
    public String description() {
        return "SMART Support backends (smart.backends.instances)";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        List<URI> uris = backends.of(serviceId);
        return Flux.range(0, uris.size()).map(i -> {
            URI uri = uris.get(i);
            boolean secure = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
            return new DefaultServiceInstance(serviceId + "-" + (i + 1), serviceId, uri.getHost(), port, secure);
        });
    }

    @Override
    public Flux<String> getServices() {
        return Flux.fromIterable(backends.instances().keySet());
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE; // before Spring Cloud's "simple" discovery client, which knows no instances here
    }
}
