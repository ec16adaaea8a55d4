package com.smartsupport.platform.security;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who is calling, as proven by a validated JWT: the subject (customer id, agent id, admin id or service client id)
 * and the role. Controllers take identity only from here, never from a header or an id in the URL. An ADMIN is
 * neither a customer nor an agent: customer and agent operations refuse it with {@link #require} (403).
 */
public record Caller(String subject, Role role, String name, Set<String> scopes) {

    public static final String ROLES_CLAIM = "roles";
    public static final String NAME_CLAIM = "name";
    public static final String SCOPE_CLAIM = "scope";

    public Caller {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    public static Caller of(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
        Role role = null;
        if (roles != null) {
            for (Role r : Role.values()) {
                if (roles.contains(r.name())) {
                    role = r;
                    break;
                }
            }
        }
        if (role == null || jwt.getSubject() == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "The token carries no known role");
        }
        String scope = jwt.getClaimAsString(SCOPE_CLAIM);
        Set<String> scopes = scope == null || scope.isBlank()
                ? Set.of()
                : Set.copyOf(Arrays.asList(scope.trim().split("\\s+")));
        return new Caller(jwt.getSubject(), role, jwt.getClaimAsString(NAME_CLAIM), scopes);
    }

    /** True for a backend service whose token carries this scope (e.g. {@code profiles:write}). */
    public boolean isServiceWith(String scope) {
        return role == Role.SERVICE && scopes.contains(scope);
    }

    public boolean is(Role r) {
        return role == r;
    }

    /** Fails with 403 unless the caller has one of the roles. */
    public Caller require(Role... allowed) {
        for (Role r : allowed) {
            if (role == r) {
                return this;
            }
        }
        throw new ResponseStatusException(
                HttpStatus.FORBIDDEN,
                "This operation is not open to the " + role.name().toLowerCase() + " role");
    }
}
