package com.smartsupport.conversation;

import com.smartsupport.platform.testsupport.ContainersConfig;
import com.smartsupport.platform.testsupport.TestTokens;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same contract against real {@code mongo} and Kafka images; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
@Import(ContainersConfig.class)
class ConversationFlowContainersTest extends ConversationFlowContract {
    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwkSetUri);
    }
}
