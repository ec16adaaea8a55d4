package com.smartsupport.platform.privacy;

import com.smartsupport.platform.events.CustomerErased;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.Topics;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Erases a customer's data when profile-service announces the customer is erased: every {@link CustomerErasure} of
 * the service, in the service's shared consumer group (one instance does it; a redelivery does it again,
 * harmlessly).
 */
public class CustomerErasureListener {
    private static final Logger log = LoggerFactory.getLogger(CustomerErasureListener.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EventCodec codec;
    private final List<CustomerErasure> erasures;

    public CustomerErasureListener(EventCodec codec, List<CustomerErasure> erasures) {
        this.codec = codec;
        this.erasures = List.copyOf(erasures);
    }

    @KafkaListener(id = "customer-erasure", topics = Topics.PROFILE_CHANGED, groupId = "${spring.application.name}")
    void onProfileEvent(String record) {
        var event = codec.decode(record);
        if (!CustomerErased.TYPE.equals(event.type()) || event.customerId() == null) {
            return;
        }
        for (CustomerErasure erasure : erasures) {
            Long deleted = erasure.erase(event.customerId()).block(TIMEOUT);
            log.info("erased customer {}: {} {}", event.customerId(), deleted, erasure.erases());
        }
    }
}
