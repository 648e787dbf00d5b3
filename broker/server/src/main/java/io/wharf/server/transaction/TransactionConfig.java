package io.wharf.server.transaction;

/**
 * When the broker asks producers about their transactions.
 *
 * @param timeoutMs       how old a half message must be before its first check-back
 * @param checkIntervalMs how long after one check the next one is due
 * @param checkMax        how many checks a half message gets before it is discarded
 */
public record TransactionConfig(long timeoutMs, long checkIntervalMs, int checkMax) {
    public TransactionConfig {
        if (timeoutMs <= 0 || checkIntervalMs <= 0 || checkMax < 1) {
            throw new IllegalArgumentException("transaction timeout and check interval must be > 0 and check max >= 1;"
                + " got " + timeoutMs + ", " + checkIntervalMs + ", " + checkMax);
        }
    }

    /** How often the check service looks for due halves: often enough to honour the shorter of the two times. */
    long tickMs() {
        return Math.clamp(Math.min(timeoutMs, checkIntervalMs) / 4, 20, 1000);
    }
}
