package com.smartsupport.gateway;

import com.smartsupport.gateway.limits.LimitsProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The single entry for web clients: routes, validates tokens, strips client-sent identity, serves the client. */
@SpringBootApplication
@EnableConfigurationProperties(LimitsProperties.class)
public class GatewayServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(GatewayServiceApplication.class, args);
    }
}
