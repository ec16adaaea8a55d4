package com.smartsupport.profile.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator of an installation without the demo data ({@code smart.admin.*}; environment
 * {@code SMART_ADMIN_EMAIL}, {@code SMART_ADMIN_PASSWORD}): see {@link AdminBootstrap}. Unset or empty: none.
 */
@ConfigurationProperties("smart.admin")
public record AdminProperties(String email, String password) {
    public AdminProperties {
        email = email == null ? "" : email;
        password = password == null ? "" : password;
    }
}
