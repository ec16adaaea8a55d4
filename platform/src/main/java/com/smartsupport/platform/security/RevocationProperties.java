package com.smartsupport.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ended sessions ({@code smart.security.revocation.*}; {@code enabled: false} turns them off).
 *
 * @param retention how long a revocation is kept: longer than any token lives ({@code smart.auth.ttl}, 1 h by
 *                  default)
 */
@ConfigurationProperties("smart.security.revocation")
public record RevocationProperties(@DefaultValue("24h") Duration retention) {}
