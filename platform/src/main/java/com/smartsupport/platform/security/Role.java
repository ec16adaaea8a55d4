package com.smartsupport.platform.security;

/** What a token holder is. SERVICE is a backend credential (llm-service reading profiles, a CRM sync). */
public enum Role {
    CUSTOMER, AGENT, SERVICE;

    public String authority() {
        return "ROLE_" + name();
    }
}
