package com.smartsupport.profile.customer;

import com.smartsupport.platform.web.IdempotencyKeys;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The answers a customer's account action gets when it cannot be done, as problem details. */
public final class Refusals {
    private Refusals() {}

    /**
     * A {@code 409} whose problem detail says why in {@code reason} (a lower snake case code such as
     * {@code window_closed}) and explains it in {@code detail} (one sentence for the customer).
     */
    public static ResponseStatusException conflict(String reason, String detail) {
        var e = new ResponseStatusException(HttpStatus.CONFLICT, detail);
        e.getBody().setProperty("reason", reason);
        return e;
    }

    /** A {@code 404} for something of the customer's that is not there. */
    public static ResponseStatusException notFound(String detail) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
    }

    /** A {@code 400} for a malformed request. */
    public static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    /** The {@code Idempotency-Key} of an action that requires one: missing or malformed is a {@code 400}. */
    public static String requiredKey(String key) {
        if (key == null) {
            throw badRequest("This action needs an " + IdempotencyKeys.HEADER
                    + " header: 8 to 64 letters, digits, '-' or '_', the same on every retry");
        }
        return IdempotencyKeys.validated(key);
    }

    /** A {@code 403} for a caller the operation is not open to. */
    public static ResponseStatusException forbidden() {
        return new ResponseStatusException(HttpStatus.FORBIDDEN, "This operation is not open to you");
    }
}
