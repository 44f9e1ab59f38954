package org.jvbfastpath.jvb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jvbfastpath.SrtpOutcome;
import org.jvbfastpath.SrtpStatus;

/**
 * Maps the adapter's results onto the bridge's own status enum (jitsi-srtp's
 * {@code SrtpErrorStatus}) by name, without depending on it: the enum must have the six
 * constants {@code OK, FAIL, AUTH_FAIL, REPLAY_FAIL, REPLAY_OLD, INVALID_PACKET}
 * ({@link SrtpOutcome}'s names). Built once; each lookup is an array read.
 *
 * @param <E> the bridge's status enum
 */
public final class BridgeStatusMap<E extends Enum<E>> {
    private static final SrtpStatus[] STATUSES = SrtpStatus.values();

    private final Class<E> type;
    private final E[] byOutcome;
    private final E[] byStatus;

    private BridgeStatusMap(Class<E> type, E[] byOutcome, E[] byStatus) {
        this.type = type;
        this.byOutcome = byOutcome;
        this.byStatus = byStatus;
    }

    /** Throws IllegalArgumentException naming the outcomes {@code bridgeEnum} lacks. */
    public static <E extends Enum<E>> BridgeStatusMap<E> of(Class<E> bridgeEnum) {
        Objects.requireNonNull(bridgeEnum, "bridgeEnum");
        E[] constants = bridgeEnum.getEnumConstants();
        E[] byOutcome = java.util.Arrays.copyOf(constants, SrtpOutcome.values().length);
        List<String> missing = new ArrayList<>();
        for (SrtpOutcome outcome : SrtpOutcome.values()) {
            E match = null;
            for (E e : constants) {
                if (e.name().equals(outcome.name())) {
                    match = e;
                }
            }
            if (match == null) {
                missing.add(outcome.name());
            }
            byOutcome[outcome.ordinal()] = match;
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(bridgeEnum.getName() + " lacks " + missing);
        }
        E[] byStatus = java.util.Arrays.copyOf(constants, STATUSES.length);
        for (SrtpStatus status : STATUSES) {
            byStatus[status.ordinal()] = byOutcome[status.outcome().ordinal()];
        }
        return new BridgeStatusMap<>(bridgeEnum, byOutcome, byStatus);
    }

    public Class<E> type() {
        return type;
    }

    /** For a transform result: OK for a length (>= 0), else the failure's outcome. */
    public E ofResult(int result) {
        return result >= 0 ? byStatus[0] : byStatus[-result];
    }

    /** For one slot of a batch's {@code statuses} (an {@link SrtpStatus} ordinal). */
    public E ofStatus(byte statusOrdinal) {
        return byStatus[statusOrdinal];
    }

    public E of(SrtpStatus status) {
        return byStatus[status.ordinal()];
    }

    public E of(SrtpOutcome outcome) {
        return byOutcome[outcome.ordinal()];
    }
}
