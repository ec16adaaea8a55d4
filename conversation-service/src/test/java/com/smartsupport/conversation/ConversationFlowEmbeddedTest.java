package com.smartsupport.conversation;

import com.smartsupport.platform.testsupport.EmbeddedInfra;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract against the embedded Kafka broker and MongoDB-wire server (runs everywhere). */
class ConversationFlowEmbeddedTest extends ConversationFlowContract {
    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        EmbeddedInfra.register(registry);
    }
}
