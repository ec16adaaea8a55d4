package com.smartsupport.platform.privacy;

import com.smartsupport.platform.events.EventCodec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/** The erasure of a customer's data in every service that declares what it erases ({@link CustomerErasure}). */
// by name: the kafka package depends on this one (its dead letters are redacted here), never the other way round
@AutoConfiguration(afterName = "com.smartsupport.platform.kafka.KafkaEventsAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBean(CustomerErasure.class)
public class CustomerErasureAutoConfiguration {

    @Bean
    CustomerErasureListener customerErasureListener(EventCodec codec, ObjectProvider<CustomerErasure> erasures) {
        return new CustomerErasureListener(codec, erasures.orderedStream().toList());
    }
}
