package com.smartsupport.platform.kafka;

import java.util.TreeSet;

/**
 * How far a {@link KeyOrderedConsumer} got in one partition: the offsets taken and not yet handled, and so the
 * offset below which everything was handled, the one to commit. Guarded by the lock of {@link InFlightRecords}.
 */
final class PartitionProgress {
    /** Offsets taken and not yet handled. */
    final TreeSet<Long> unfinished = new TreeSet<>();
    /** The offset after the last record taken; -1 before the first. */
    long next = -1;

    long committed = -1;
    /** The partition moved to another member: what is left of it here is its new owner's. */
    boolean revoked;

    /** The lowest offset not yet handled: what may be committed. */
    long committable() {
        return unfinished.isEmpty() ? next : unfinished.first();
    }
}
