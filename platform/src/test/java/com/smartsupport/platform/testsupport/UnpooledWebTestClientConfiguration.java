package com.smartsupport.platform.testsupport;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Every {@code @AutoConfigureWebTestClient} test gets a client with a fresh connection per request. A test that
 * checks only a status leaves the response body unread, which keeps a pooled connection busy; enough of those
 * exhaust the pool (16 connections on a 2-core machine) and a later request waits for a free connection until it
 * times out. Without a pool, no test can starve another.
 */
@AutoConfiguration
public class UnpooledWebTestClientConfiguration {

    /**
     * Only for clients of a running server (RANDOM_PORT/DEFINED_PORT: the context is a web-server context); a mock
     * environment keeps its connector bound to the application.
     */
    @Bean
    WebTestClientBuilderCustomizer unpooledConnections(ApplicationContext context) {
        return builder -> {
            if (context instanceof WebServerApplicationContext) {
                builder.clientConnector(
                        new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())));
            }
        };
    }
}
