package com.smartsupport.profile.account;

import com.smartsupport.profile.customer.CustomerProfile;
import com.smartsupport.profile.customer.CustomerProfile.Preferences;
import com.smartsupport.profile.customer.ProfileService;
import com.smartsupport.profile.customer.Refusals;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** How the customer wants to be contacted. Setting the channel they already have writes nothing. */
@Service
class ContactPreference {
    private static final int ATTEMPTS = 3;

    private final ProfileService profiles;

    ContactPreference(ProfileService profiles) {
        this.profiles = profiles;
    }

    Mono<Preferences> change(String customerId, String channel) {
        return change(customerId, channel, 1);
    }

    private Mono<Preferences> change(String customerId, String channel, int attempt) {
        return profiles.find(customerId)
                .switchIfEmpty(Mono.error(ProfileService::notFound))
                .flatMap(profile -> {
                    Preferences current = profile.preferences();
                    if (current != null && channel.equals(current.contactChannel())) {
                        return Mono.just(current);
                    }
                    if (attempt > ATTEMPTS) {
                        return Mono.error(Refusals.conflict(
                                "changed_meanwhile",
                                "The preferences changed while this request was handled; please try again"));
                    }
                    // a profile without preferences gets them; otherwise only the channel changes
                    Criteria condition = current == null
                            ? Criteria.where("preferences").is(null)
                            : Criteria.where("preferences").ne(null);
                    Update update = current == null
                            ? Update.update("preferences", new Preferences(channel, null, null))
                            : Update.update("preferences.contactChannel", channel);
                    return profiles.updateIf(customerId, condition, update, "preferences-updated")
                            .map(CustomerProfile::preferences)
                            .switchIfEmpty(Mono.defer(() -> change(customerId, channel, attempt + 1)));
                });
    }
}
