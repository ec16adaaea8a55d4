package com.smartsupport.platform.mongo;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/** {@link MongoIndexCreator} in every service with a database. */
@AutoConfiguration(afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration")
@ConditionalOnClass(ReactiveMongoTemplate.class)
public class MongoIndexesAutoConfiguration {

    @Bean
    @ConditionalOnBean(ReactiveMongoTemplate.class)
    MongoIndexCreator mongoIndexCreator(ReactiveMongoTemplate mongo, ObjectProvider<MongoIndexes> features) {
        return new MongoIndexCreator(mongo, features.orderedStream().toList());
    }
}
