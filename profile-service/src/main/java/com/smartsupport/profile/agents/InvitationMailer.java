package com.smartsupport.profile.agents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends an invitation link by e-mail when SMTP is configured ({@code SMART_SMTP_HOST}, Spring Mail). Without it the
 * link is not sent: the admin gets it in the response and the log says so as a development notice.
 */
@Component
class InvitationMailer {
    private static final Logger log = LoggerFactory.getLogger(InvitationMailer.class);

    private final ObjectProvider<JavaMailSender> mail;
    private final InvitationProperties properties;

    InvitationMailer(ObjectProvider<JavaMailSender> mail, InvitationProperties properties, Environment environment) {
        // SMART_SMTP_HOST unset leaves spring.mail.host empty, which is not "configured"
        this.mail = StringUtils.hasText(environment.getProperty("spring.mail.host")) ? mail : null;
        this.properties = properties;
    }

    /** True when the link went out by e-mail; false when no SMTP server is configured. */
    Mono<Boolean> send(AgentAccount agent, String link) {
        JavaMailSender sender = mail == null ? null : mail.getIfAvailable();
        if (sender == null) {
            log.warn(
                    "DEVELOPMENT NOTICE: no SMTP server is configured (SMART_SMTP_HOST), so the invitation of agent {}"
                            + " was not e-mailed; the admin received the link in the response",
                    agent.agentId());
            return Mono.just(false);
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(agent.email());
        message.setSubject("You are invited to SMART Support");
        // the name is the admin's text: it goes into a plain-text body, never into a header or markup
        message.setText("Hello " + agent.name() + ",\n\nYou have been invited to answer customers in SMART Support."
                + "\nSet your password here (the link works once, for "
                + properties.validity().toHours()
                + " hours):\n\n" + link + "\n");
        return Mono.fromRunnable(() -> sender.send(message))
                .subscribeOn(Schedulers.boundedElastic())
                .thenReturn(true);
    }
}
