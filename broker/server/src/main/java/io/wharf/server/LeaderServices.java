package io.wharf.server;

import io.wharf.server.retry.DelayAndRetry;
import io.wharf.server.transaction.TransactionService;

/**
 * The services only a leader runs, because they append on their own: delivery of delayed and timed messages,
 * retries and dead letters, and transaction check-backs. A single node runs them from start to shutdown; a group
 * member starts them, from the group's committed state files, each time it starts leading and closes them when it
 * stops.
 */
record LeaderServices(DelayAndRetry delayAndRetry, TransactionService transactions) implements AutoCloseable {
    @Override
    public void close() {
        transactions.close();
        delayAndRetry.close();
    }
}
