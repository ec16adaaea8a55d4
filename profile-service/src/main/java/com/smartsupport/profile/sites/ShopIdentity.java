package com.smartsupport.profile.sites;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Which SMART customer a shop's customer is: one per (site, the shop's customer id), so the same id at two sites
 * is two customers, and a shop can only ever sign in its own.
 */
@Document("shop_identities")
record ShopIdentity(@Id String id, String siteId, String shopCustomerId, String customerId, Instant firstSeen) {
    static String idFor(String siteId, String shopCustomerId) {
        return siteId + ":" + shopCustomerId;
    }
}
