package com.smartsupport.profile.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

/**
 * The service clients as packaged in application.yml: each secret comes from the environment only, so a client
 * whose variable is unset has a blank secret and is disabled (the token endpoint ignores it).
 */
class ServiceClientsConfigTest {

    @Test
    void theKnowledgeBaseSyncClientIsDisabledUntilItsSecretIsSet() throws IOException {
        TokenProperties.ServiceClient unset = kbSync(Map.of());
        assertThat(unset.secret()).isBlank();
        assertThat(unset.scopes()).isEqualTo("knowledge:read knowledge:write");

        TokenProperties.ServiceClient set = kbSync(Map.of("SMART_KB_SYNC_CLIENT_SECRET", "from-the-environment"));
        assertThat(set.secret()).isEqualTo("from-the-environment");
        assertThat(set.scopes()).isEqualTo("knowledge:read knowledge:write");
    }

    private static TokenProperties.ServiceClient kbSync(Map<String, Object> environment) throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("environment", environment));
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        TokenProperties properties = new Binder(
                        ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bind("smart.auth", TokenProperties.class)
                .get();
        return properties.serviceClients().stream()
                .filter(c -> "kb-sync".equals(c.id()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no kb-sync client in application.yml"));
    }
}
