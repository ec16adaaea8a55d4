package com.smartsupport.profile.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The policy's defaults are the returns article's, and a holiday season may be set across the new year. */
class ReturnPolicyPropertiesTest {

    @Test
    void theDefaultsAreTheShopsPolicy() {
        var policy = ReturnPolicyProperties.defaults();
        assertThat(policy.windowDays()).isEqualTo(30);
        assertThat(policy.changeOfMindFee()).isEqualByComparingTo("6.95");
        assertThat(policy.dropOffDays()).isEqualTo(14);
        assertThat(policy.returnBy(LocalDate.of(2026, 3, 1))).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(policy.returnBy(LocalDate.of(2026, 11, 14))).isEqualTo(LocalDate.of(2026, 12, 14));
        assertThat(policy.returnBy(LocalDate.of(2026, 11, 15))).isEqualTo(LocalDate.of(2027, 1, 31));
        assertThat(policy.returnBy(LocalDate.of(2026, 12, 31))).isEqualTo(LocalDate.of(2027, 1, 31));
        assertThat(policy.returnBy(LocalDate.of(2027, 1, 1))).isEqualTo(LocalDate.of(2027, 1, 31));
    }

    @Test
    void aSeasonAcrossTheNewYearAndALongerWindowAreHonoured() {
        var policy = new ReturnPolicyProperties(45, "12-01", "01-06", "02-15", new BigDecimal("4.50"), 10);
        assertThat(policy.returnBy(LocalDate.of(2026, 12, 20))).isEqualTo(LocalDate.of(2027, 2, 15));
        assertThat(policy.returnBy(LocalDate.of(2027, 1, 5))).isEqualTo(LocalDate.of(2027, 2, 19)); // 45 days is later
        assertThat(policy.returnBy(LocalDate.of(2027, 1, 7))).isEqualTo(LocalDate.of(2027, 2, 21));
    }

    @Test
    void aMalformedSettingStopsTheStartWithItsName() {
        assertThatThrownBy(() -> new ReturnPolicyProperties(null, "15 Nov", null, null, null, null))
                .hasMessageContaining("smart.returns.holiday-from");
        assertThatThrownBy(() -> new ReturnPolicyProperties(0, null, null, null, null, null))
                .hasMessageContaining("window-days");
    }
}
