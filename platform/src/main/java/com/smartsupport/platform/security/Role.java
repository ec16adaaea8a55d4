package com.smartsupport.platform.security;

/**
 * What a token holder is. ADMIN runs the shop's support set-up (the knowledge base); SERVICE is a backend
 * credential (llm-service reading profiles, a CRM sync, a help-centre import).
 */
public enum Role {
    CUSTOMER,
    AGENT,
    ADMIN,
    SERVICE;

    public String authority() {
        return "ROLE_" + name();
    }
}
