package com.smartsupport.escalation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The hand-off to humans: queue, agent presence, the agent event stream. */
@SpringBootApplication
public class EscalationServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(EscalationServiceApplication.class, args);
    }
}
