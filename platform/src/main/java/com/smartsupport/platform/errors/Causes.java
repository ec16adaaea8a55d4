package com.smartsupport.platform.errors;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks a throwable's cause chain: the throwable itself, its cause, that one's cause... Each throwable is visited
 * once, so a chain that loops back on itself (a cause that is the throwable, or an earlier one) ends instead of
 * spinning.
 */
public final class Causes {

    private Causes() {}

    /** The first throwable in the chain that matches, if any. */
    public static Optional<Throwable> first(Throwable error, Predicate<? super Throwable> matches) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (matches.test(t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** True if the throwable or anything in its cause chain matches. */
    public static boolean any(Throwable error, Predicate<? super Throwable> matches) {
        return first(error, matches).isPresent();
    }

    /** The first throwable in the chain of this type, if any. */
    public static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        return first(error, type::isInstance).map(type::cast);
    }

    /** True if the throwable or anything in its cause chain is of this type. */
    public static boolean has(Throwable error, Class<? extends Throwable> type) {
        return first(error, type::isInstance).isPresent();
    }

    /** The last throwable of the chain (the throwable itself when it has no cause); null for null. */
    public static Throwable root(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = error;
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            root = t;
        }
        return root;
    }
}
