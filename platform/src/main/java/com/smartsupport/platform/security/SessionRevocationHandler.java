package com.smartsupport.platform.security;

import com.smartsupport.platform.events.SessionsRevoked;

/**
 * Told of every revocation this instance reads (a bean of a service that holds live state for a subject, such as
 * an agent's open streams and cases). Called again for the same revocation after each restart of the instance
 * (every instance reads the whole compacted topic when it starts): handlers must be idempotent and must compare
 * {@link SessionsRevoked#revokedAt()} with their own state.
 */
public interface SessionRevocationHandler {
    void revoked(SessionsRevoked revocation);
}
