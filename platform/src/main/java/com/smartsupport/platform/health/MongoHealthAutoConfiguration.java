package com.smartsupport.platform.health;

import com.mongodb.reactivestreams.client.MongoClient;
import com.smartsupport.platform.resilience.MongoTimeouts;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The {@code mongo} health contributor of every service with a database: {@link MongoPingHealthIndicator} in place of
 * Spring Boot's (which backs off when a bean of this name exists). The services put it in their readiness group,
 * so an instance without its database stops taking traffic and says why.
 */
@AutoConfiguration(
        after = MongoReactiveAutoConfiguration.class,
        before = MongoReactiveHealthContributorAutoConfiguration.class)
@ConditionalOnClass({MongoClient.class, ReactiveHealthIndicator.class})
@EnableConfigurationProperties(MongoTimeouts.class)
public class MongoHealthAutoConfiguration {

    @Bean(name = "mongoHealthContributor")
    @ConditionalOnBean(MongoClient.class)
    MongoPingHealthIndicator mongoHealthContributor(MongoClient client, MongoTimeouts timeouts) {
        return new MongoPingHealthIndicator(client, timeouts.healthTimeout());
    }
}
