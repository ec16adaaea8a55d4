package com.smartsupport.profile.orders;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shop's return policy. The defaults mirror the returns article of the knowledge base ("Returns and refunds"):
 * change either only together with it.
 *
 * @param windowDays         how many days after delivery an order may be returned
 * @param holidayFrom        first day ({@code MM-dd}) of the holiday deliveries that get a longer window
 * @param holidayTo          last day ({@code MM-dd}) of those deliveries
 * @param holidayReturnBy    the day ({@code MM-dd}, next year) until which they may be returned
 * @param changeOfMindFee    the return shipping fee (in the order's currency) deducted from the refund when an opened
 *                           item comes back because the customer changed their mind; TechCare Plus members pay none
 * @param dropOffDays        how many days the customer has to drop the parcel off once the return is created
 */
@ConfigurationProperties("smart.returns")
public record ReturnPolicyProperties(
        Integer windowDays,
        String holidayFrom,
        String holidayTo,
        String holidayReturnBy,
        BigDecimal changeOfMindFee,
        Integer dropOffDays) {

    public ReturnPolicyProperties {
        windowDays = windowDays == null ? 30 : windowDays;
        holidayFrom = blank(holidayFrom) ? "11-15" : holidayFrom.trim();
        holidayTo = blank(holidayTo) ? "12-31" : holidayTo.trim();
        holidayReturnBy = blank(holidayReturnBy) ? "01-31" : holidayReturnBy.trim();
        changeOfMindFee = changeOfMindFee == null ? new BigDecimal("6.95") : changeOfMindFee;
        dropOffDays = dropOffDays == null ? 14 : dropOffDays;
        if (windowDays < 1 || dropOffDays < 1 || changeOfMindFee.signum() < 0) {
            throw new IllegalArgumentException(
                    "smart.returns: window-days and drop-off-days must be positive, change-of-mind-fee not negative");
        }
        monthDay("holiday-from", holidayFrom);
        monthDay("holiday-to", holidayTo);
        monthDay("holiday-return-by", holidayReturnBy);
    }

    /** The policy as the shop's article states it. */
    public static ReturnPolicyProperties defaults() {
        return new ReturnPolicyProperties(null, null, null, null, null, null);
    }

    /**
     * The last day an order delivered on this day may be returned: {@code windowDays} after delivery, or for a
     * holiday delivery {@code holidayReturnBy} of the next year if that is later.
     */
    public LocalDate returnBy(LocalDate deliveredOn) {
        LocalDate byWindow = deliveredOn.plusDays(windowDays);
        MonthDay delivered = MonthDay.from(deliveredOn);
        MonthDay from = monthDay("holiday-from", holidayFrom);
        MonthDay to = monthDay("holiday-to", holidayTo);
        boolean holiday = from.isAfter(to)
                ? !delivered.isBefore(from) || !delivered.isAfter(to) // a season across the new year
                : !delivered.isBefore(from) && !delivered.isAfter(to);
        if (!holiday) {
            return byWindow;
        }
        int year = from.isAfter(to) && delivered.isBefore(from) ? deliveredOn.getYear() : deliveredOn.getYear() + 1;
        LocalDate byHoliday = monthDay("holiday-return-by", holidayReturnBy).atYear(year);
        return byHoliday.isAfter(byWindow) ? byHoliday : byWindow;
    }

    private static MonthDay monthDay(String name, String value) {
        try {
            return MonthDay.parse("--" + value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("smart.returns." + name + " must be a day such as 11-15, not " + value);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
