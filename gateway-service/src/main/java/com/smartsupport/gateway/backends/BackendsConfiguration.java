package com.smartsupport.gateway.backends;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackendInstancesProperties.class)
class BackendsConfiguration {

    @Bean
    BackendDiscoveryClient backendDiscoveryClient(BackendInstancesProperties backends) {
        return new BackendDiscoveryClient(backends);
    }
}
