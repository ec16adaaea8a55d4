package com.smartsupport.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Registers the problem-details exception handler in every service and the gateway. */
@AutoConfiguration
public class WebProblemsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProblemWriter problemWriter() {
        return new ProblemWriter();
    }

    @Bean
    ProblemExceptionHandler problemExceptionHandler(ProblemWriter writer) {
        return new ProblemExceptionHandler(writer);
    }
}
