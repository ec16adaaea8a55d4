package com.smartsupport.llm.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.actions.ActionsProperties;
import com.smartsupport.llm.handoff.HandoffProperties;
import com.smartsupport.llm.profile.ProfileCacheProperties;
import com.smartsupport.llm.reply.ReplyProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * application.yml maps the documented environment variables onto the properties but holds no defaults of its own:
 * unset, a variable binds as unset and the record's default applies; set, it wins.
 */
class PropertyDefaultsTest {

    static Binder binder(Map<String, Object> variables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        for (PropertySource<?> source :
                new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))) {
            environment.getPropertySources().addLast(source);
        }
        return Binder.get(environment);
    }

    @Test
    void withNoVariablesSetTheRecordsDefaultsApply() throws IOException {
        Binder binder = binder(Map.of());
        assertThat(binder.bindOrCreate("smart.llm", ReplyProperties.class))
                .isEqualTo(new ReplyProperties(
                        Duration.ofMillis(50), 192, Duration.ofSeconds(120), Duration.ofSeconds(20)));
        assertThat(binder.bindOrCreate("smart.llm.profile-cache", ProfileCacheProperties.class))
                .isEqualTo(new ProfileCacheProperties(Duration.ofSeconds(60), 10_000L));
        assertThat(binder.bindOrCreate("smart.llm.handoff", HandoffProperties.class))
                .isEqualTo(new HandoffProperties(4, 3));
        assertThat(new ReplyProperties(null, null, null, null))
                .isEqualTo(new ReplyProperties(
                        Duration.ofMillis(50), 192, Duration.ofSeconds(120), Duration.ofSeconds(20)));
        assertThat(new ProfileCacheProperties(null, null))
                .isEqualTo(new ProfileCacheProperties(Duration.ofSeconds(60), 10_000L));
        assertThat(new HandoffProperties(null, null)).isEqualTo(new HandoffProperties(4, 3));
        assertThat(binder.bindOrCreate("smart.llm.actions", ActionsProperties.class))
                .isEqualTo(new ActionsProperties(true, 3, Duration.ofSeconds(20), Duration.ofSeconds(4), 2, 5));
        assertThat(new ActionsProperties(null, null, null, null, null, null))
                .isEqualTo(new ActionsProperties(true, 3, Duration.ofSeconds(20), Duration.ofSeconds(4), 2, 5));
    }

    @Test
    void theDocumentedVariablesAndThePropertiesThemselvesWin() throws IOException {
        Binder binder = binder(Map.of(
                "SMART_LLM_DELTA_INTERVAL",
                "10ms",
                "SMART_LLM_MAX_IN_FLIGHT",
                "7",
                "SMART_PROFILE_CACHE_TTL",
                "5s",
                "SMART_HANDOFF_SENTIMENT_THRESHOLD",
                "9",
                "smart.llm.reply-timeout",
                "30s",
                "smart.llm.drain-timeout",
                "3s",
                "smart.llm.profile-cache.max-size",
                "12",
                "smart.llm.handoff.frustrated-messages",
                "5",
                "SMART_LLM_ACTIONS_ENABLED",
                "false",
                "SMART_LLM_ACTIONS_MAX_TOOL_ROUNDS",
                "1"));
        assertThat(binder.bindOrCreate("smart.llm", ReplyProperties.class))
                .isEqualTo(
                        new ReplyProperties(Duration.ofMillis(10), 7, Duration.ofSeconds(30), Duration.ofSeconds(3)));
        assertThat(binder.bindOrCreate("smart.llm.profile-cache", ProfileCacheProperties.class))
                .isEqualTo(new ProfileCacheProperties(Duration.ofSeconds(5), 12L));
        assertThat(binder.bindOrCreate("smart.llm.handoff", HandoffProperties.class))
                .isEqualTo(new HandoffProperties(9, 5));
        assertThat(binder.bindOrCreate("smart.llm.actions", ActionsProperties.class))
                .isEqualTo(new ActionsProperties(false, 1, Duration.ofSeconds(20), Duration.ofSeconds(4), 2, 5));
    }
}
