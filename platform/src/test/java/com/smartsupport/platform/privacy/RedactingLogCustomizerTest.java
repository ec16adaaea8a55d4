package com.smartsupport.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

class RedactingLogCustomizerTest {

    @Test
    void anEcsLogLineHasItsMessageExceptionAndStackTraceMasked() {
        String line = encode(
                "ecs",
                "login failed for {} with password=hunter2 and card 4111 1111 1111 1111",
                new IllegalStateException("Bearer abcdefghijklmnop1234 rejected, key sk-abcdefghijklmnopqrstuvwxyz"));

        assertThat(line)
                .startsWith("{")
                .contains(
                        "password=[redacted]",
                        "**** **** **** 1111",
                        "Bearer [redacted]",
                        "[redacted key]",
                        "IllegalStateException")
                .doesNotContain("hunter2", "4111 1111 1111 1111", "abcdefghijklmnop1234", "sk-abcdefghij");
    }

    @Test
    void logstashAndGelfAreMaskedToo() {
        for (String format : new String[] {"logstash", "gelf"}) {
            assertThat(encode(format, "my password is hunter2", null))
                    .as(format)
                    .contains("my password is [redacted]")
                    .doesNotContain("hunter2");
        }
    }

    @Test
    void withoutTheCustomizerTheSameLineWouldLeak() {
        assertThat(encode("ecs", "my password is hunter2", null, false)).contains("hunter2");
    }

    private static String encode(String format, String message, Throwable error) {
        return encode(format, message, error, true);
    }

    private static String encode(String format, String message, Throwable error, boolean customized) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "test-service");
        if (customized) {
            environment.setProperty("logging.structured.json.customizer", RedactingLogCustomizer.class.getName());
        }
        context.putObject(Environment.class.getName(), environment);
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        LoggingEvent event = new LoggingEvent(
                "test", context.getLogger("com.example.Test"), Level.WARN, message, error, new Object[] {"carlos"});
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
