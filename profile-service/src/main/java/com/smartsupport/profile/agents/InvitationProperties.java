package com.smartsupport.profile.agents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param validity how long an invitation link works (once)
 * @param linkBase the public address the link starts with (the gateway's, e.g. {@code https://support.example.com}):
 *                 the link is {@code <linkBase>/#/invitation/<token>}
 * @param from     the sender of invitation e-mails
 */
@ConfigurationProperties("smart.invitations")
public record InvitationProperties(Duration validity, String linkBase, String from) {
    public InvitationProperties {
        validity = validity == null ? Duration.ofHours(72) : validity;
        linkBase = linkBase == null || linkBase.isBlank() ? "http://localhost:8080" : linkBase.replaceAll("/+$", "");
        from = from == null || from.isBlank() ? "SMART Support <no-reply@localhost>" : from;
    }
}
