package io.wharf.order.domain;

import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * New order ids, {@code o-} + 12 hex digits of the epoch millisecond + 10 random hex digits: unique without
 * coordination, and sorted by creation time, so keyset pagination by id lists orders oldest first.
 */
@Singleton
public class OrderIds {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public OrderIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        long rnd = random.nextLong() & 0xFF_FFFF_FFFFL;
        return String.format("o-%012x%010x", clock.millis(), rnd);
    }
}
