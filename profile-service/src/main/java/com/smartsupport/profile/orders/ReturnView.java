package com.smartsupport.profile.orders;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.profile.customer.CustomerProfile.OrderReturn;
import com.smartsupport.profile.customer.CustomerProfile.ReturnStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A return as its customer and the agents see it.
 *
 * @param rma       the return's number ({@code RMA-} and eight letters or digits): it goes on the parcel
 * @param dropOffBy the last day to drop the parcel off
 */
public record ReturnView(
        @Schema(requiredMode = REQUIRED) String orderId,
        @Schema(requiredMode = REQUIRED) String rma,
        @Schema(requiredMode = REQUIRED) ReturnStatus status,

        @Schema(
                requiredMode = REQUIRED,
                allowableValues = {"changed_mind", "faulty", "damaged", "wrong_item", "other"})
        String reason,

        String note,
        @Schema(requiredMode = REQUIRED) Instant requestedAt,
        @Schema(requiredMode = REQUIRED) Instant updatedAt,
        @Schema(requiredMode = REQUIRED) LocalDate dropOffBy) {

    static ReturnView of(String orderId, OrderReturn r, int dropOffDays) {
        return new ReturnView(
                orderId,
                r.rma(),
                r.status(),
                r.reason(),
                r.note(),
                r.requestedAt(),
                r.updatedAt(),
                LocalDate.ofInstant(r.requestedAt(), ZoneOffset.UTC).plusDays(dropOffDays));
    }
}
