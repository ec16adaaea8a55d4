package com.smartsupport.platform.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A test class against {@link EmbeddedInfra}. The properties are declared once, here, so that test classes
 * otherwise configured alike share one application context (Spring's context cache tells property sources apart
 * by the method that declares them).
 */
public interface UsesEmbeddedInfra {
    @DynamicPropertySource
    static void embeddedInfra(DynamicPropertyRegistry registry) {
        EmbeddedInfra.register(registry);
    }
}
