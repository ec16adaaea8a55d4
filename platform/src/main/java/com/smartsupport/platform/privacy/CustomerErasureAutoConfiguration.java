package com.smartsupport.platform.privacy;

import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.kafka.KafkaEventsAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/** The erasure of a customer's data in every service that declares what it erases ({@link CustomerErasure}). */
@AutoConfiguration(after = KafkaEventsAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBean(CustomerErasure.class)
public class CustomerErasureAutoConfiguration {

    @Bean
    CustomerErasureListener customerErasureListener(EventCodec codec, ObjectProvider<CustomerErasure> erasures) {
        return new CustomerErasureListener(codec, erasures.orderedStream().toList());
    }
}
