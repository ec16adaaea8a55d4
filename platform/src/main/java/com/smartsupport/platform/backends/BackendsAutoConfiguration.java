package com.smartsupport.platform.backends;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancedExchangeFilterFunction;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/** Where the other services run ({@link BackendInstancesProperties}) and clients that balance over them. */
@AutoConfiguration(
        after = ReactorLoadBalancerClientAutoConfiguration.class,
        afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass({WebClient.class, LoadBalancedExchangeFilterFunction.class})
@EnableConfigurationProperties(BackendInstancesProperties.class)
public class BackendsAutoConfiguration {

    @Bean
    BackendDiscoveryClient backendDiscoveryClient(BackendInstancesProperties backends) {
        return new BackendDiscoveryClient(backends);
    }

    /** With Spring Boot's {@code WebClient.Builder} where there is one (its codecs, observations), else a plain one. */
    @Bean
    @ConditionalOnBean(LoadBalancedExchangeFilterFunction.class)
    Backends backends(ObjectProvider<WebClient.Builder> builder, LoadBalancedExchangeFilterFunction loadBalancer) {
        return new Backends(builder.getIfAvailable(WebClient::builder), loadBalancer);
    }
}
