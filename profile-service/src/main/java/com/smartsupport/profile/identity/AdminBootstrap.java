package com.smartsupport.profile.identity;

import com.smartsupport.platform.security.Role;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The first administrator of an installation without the demo data: {@code SMART_ADMIN_EMAIL} and
 * {@code SMART_ADMIN_PASSWORD} (at least 12 characters) create that admin's login at start-up if no login with that
 * e-mail exists; an existing one is never changed (the admin changes the password with
 * {@code POST /api/auth/password} afterwards, and the variables can go).
 */
@Component
public class AdminBootstrap implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final CredentialRepository credentials;
    private final String email;
    private final String password;

    public AdminBootstrap(CredentialRepository credentials, AdminProperties admin) {
        this.credentials = credentials;
        this.email = admin.email().trim().toLowerCase(Locale.ROOT);
        this.password = admin.password();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (email.isEmpty() && password.isEmpty()) {
            return;
        }
        if (email.isEmpty() || !email.contains("@") || password.length() < 12 || password.length() > 200) {
            throw new IllegalStateException("SMART_ADMIN_EMAIL needs an e-mail address and SMART_ADMIN_PASSWORD 12 to"
                    + " 200 characters to create the first administrator");
        }
        boolean exists = Boolean.TRUE.equals(credentials.existsById(email).block(Duration.ofSeconds(30)));
        if (exists) {
            log.info("administrator {} exists; SMART_ADMIN_PASSWORD is not applied again", email);
            return;
        }
        try {
            credentials
                    .insert(new Credential(
                            email,
                            "adm_" + UUID.randomUUID().toString().replace("-", ""),
                            Role.ADMIN,
                            "Administrator",
                            new BCryptPasswordEncoder().encode(password)))
                    .block(Duration.ofSeconds(30));
            log.info("first administrator {} created from SMART_ADMIN_EMAIL", email);
        } catch (DuplicateKeyException e) {
            log.info("administrator {} was created by another instance", email); // two instances starting at once
        }
    }
}
