package com.smartsupport.profile.demo;

import com.smartsupport.platform.security.Role;
import com.smartsupport.profile.customer.CustomerProfile;
import com.smartsupport.profile.customer.CustomerProfile.Account;
import com.smartsupport.profile.customer.CustomerProfile.Preferences;
import com.smartsupport.profile.customer.CustomerProfile.Purchase;
import com.smartsupport.profile.customer.CustomerProfile.Subscription;
import com.smartsupport.profile.customer.CustomerProfile.SupportCase;
import com.smartsupport.profile.customer.ProfileRepository;
import com.smartsupport.profile.identity.Credential;
import com.smartsupport.profile.identity.CredentialRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Demo customers and an agent for the local run, loaded only in the {@code demo} profile. Idempotent: a
 * restart rewrites the same documents. All demo accounts share the password {@value #PASSWORD}.
 */
@Component
@Profile("demo")
class DemoData implements ApplicationRunner {
    static final String PASSWORD = "support-demo";
    static final String CARLOS = "cus_8f3a2c19d0e4";
    static final String AMIRA = "cus_1b7e5d43a9c2";
    static final String AGENT_LEE = "agt_4c2d9e7f1a03";

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final ProfileRepository profiles;
    private final CredentialRepository credentials;

    DemoData(ProfileRepository profiles, CredentialRepository credentials) {
        this.profiles = profiles;
        this.credentials = credentials;
    }

    @Override
    public void run(ApplicationArguments args) {
        String hash = new BCryptPasswordEncoder().encode(PASSWORD);
        List<Credential> logins = List.of(
                new Credential("carlos.diaz@example.com", CARLOS, Role.CUSTOMER, "Carlos Díaz", hash),
                new Credential("amira.haddad@example.com", AMIRA, Role.CUSTOMER, "Amira Haddad", hash),
                new Credential("agent.lee@example.com", AGENT_LEE, Role.AGENT, "Jordan Lee", hash));
        Flux.fromIterable(logins).concatMap(credentials::save)
                .thenMany(Flux.fromIterable(List.of(carlos(), amira())).concatMap(profiles::save))
                .then()
                .block(Duration.ofSeconds(60));
        log.info("demo data loaded: {} logins, 2 customer profiles", logins.size());
    }

    static CustomerProfile carlos() {
        return new CustomerProfile(CARLOS,
                new Account("Carlos Díaz", "carlos.diaz@example.com", "ACC-100234", "Austin, TX, USA", "en", "gold"),
                List.of(
                        new Purchase("ORD-77812", "UltraBook Pro 14", "UB14-2025", Map.of("cpu", "8-core 3.8 GHz",
                                "ram", "32 GB", "storage", "1 TB SSD", "display", "14\" 2880x1800 OLED"),
                                new BigDecimal("1899.00"), "USD", LocalDate.of(2026, 9, 14), "delivered",
                                "delivered 2026-09-18", LocalDate.of(2028, 9, 14)),
                        new Purchase("ORD-80455", "SoundWave ANC Headphones", "SW-ANC-700", Map.of("battery",
                                "40 h", "connectivity", "Bluetooth 5.3", "colour", "graphite"),
                                new BigDecimal("249.99"), "USD", LocalDate.of(2026, 11, 19), "shipped",
                                "in transit, carrier ParcelPro, expected 2026-11-27", LocalDate.of(2027, 11, 19)),
                        new Purchase("ORD-69120", "HomeHub Smart Speaker", "HH-MINI-2", Map.of("voice",
                                "assistant built in", "colour", "sand"), new BigDecimal("59.00"), "USD",
                                LocalDate.of(2025, 12, 2), "delivered", "delivered 2025-12-05",
                                LocalDate.of(2026, 12, 2))),
                new Preferences("chat", List.of("laptops", "audio", "smart home"), List.of()),
                new Subscription("TechCare Plus", "active", LocalDate.of(2027, 1, 10)),
                List.of(new SupportCase("CASE-5521", "HomeHub would not join 5 GHz Wi-Fi",
                                "Firmware update 2.4.1 applied; connected", LocalDate.of(2025, 12, 20), 5),
                        new SupportCase("CASE-6012", "UltraBook fan noise under light load",
                                "Enabled quiet fan profile in BIOS; customer satisfied", LocalDate.of(2026, 10, 3),
                                4)),
                Instant.now());
    }

    static CustomerProfile amira() {
        return new CustomerProfile(AMIRA,
                new Account("Amira Haddad", "amira.haddad@example.com", "ACC-200981", "Lyon, France", "fr",
                        "standard"),
                List.of(
                        new Purchase("ORD-81230", "PixelView 27 Monitor", "PV27-4K", Map.of("resolution",
                                "3840x2160", "refresh", "144 Hz", "ports", "2x HDMI 2.1, 1x USB-C 90 W"),
                                new BigDecimal("529.00"), "EUR", LocalDate.of(2026, 10, 30), "delivered",
                                "delivered 2026-11-04", LocalDate.of(2028, 10, 30)),
                        new Purchase("ORD-81977", "ErgoType Wireless Keyboard", "ET-K3", Map.of("layout", "AZERTY",
                                "switches", "low-profile tactile"), new BigDecimal("89.90"), "EUR",
                                LocalDate.of(2026, 11, 21), "processing", "not yet shipped",
                                LocalDate.of(2028, 11, 21))),
                new Preferences("email", List.of("photography", "monitors"), List.of("read-aloud")),
                new Subscription("none", "inactive", null),
                List.of(new SupportCase("CASE-6230", "Monitor arrived with a dead pixel",
                        "Replacement unit shipped under warranty", LocalDate.of(2026, 11, 6), 3)),
                Instant.now());
    }
}
