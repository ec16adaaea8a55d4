package com.smartsupport.escalation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The hand-off to humans: queue, agent presence, the agent event stream. */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class EscalationServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(EscalationServiceApplication.class, args);
    }
}
