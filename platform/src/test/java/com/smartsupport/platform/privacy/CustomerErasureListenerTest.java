package com.smartsupport.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.smartsupport.platform.events.CustomerErased;
import com.smartsupport.platform.events.EventCodec;
import com.smartsupport.platform.events.EventDecodingException;
import com.smartsupport.platform.events.EventEnvelope;
import com.smartsupport.platform.events.ProfileChanged;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CustomerErasureListenerTest {
    private final EventCodec codec = new EventCodec();
    private final List<String> erased = new ArrayList<>();
    private final CustomerErasureListener listener =
            new CustomerErasureListener(codec, List.of(erasing("conversation(s)"), erasing("escalation(s)")));

    private CustomerErasure erasing(String what) {
        return new CustomerErasure() {
            @Override
            public String erases() {
                return what;
            }

            @Override
            public Mono<Long> erase(String customerId) {
                return Mono.fromCallable(() -> {
                    erased.add(what + ":" + customerId);
                    return 1L;
                });
            }
        };
    }

    @Test
    void anErasedCustomerIsErasedByEveryErasure() {
        listener.onProfileEvent(codec.encode(EventEnvelope.of(null, "cus_1", new CustomerErased())));

        assertThat(erased).containsExactly("conversation(s):cus_1", "escalation(s):cus_1");
    }

    @Test
    void otherProfileEventsEraseNothing() {
        listener.onProfileEvent(codec.encode(EventEnvelope.of(null, "cus_1", new ProfileChanged("updated"))));
        listener.onProfileEvent(codec.encode(EventEnvelope.of(null, null, new CustomerErased())));

        assertThat(erased).isEmpty();
    }

    @Test
    void anUnreadableEventIsAnEventDecodingFailure() {
        assertThatThrownBy(() -> listener.onProfileEvent("not json")).isInstanceOf(EventDecodingException.class);
        assertThat(erased).isEmpty();
    }
}
