package io.wharf.server.health;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node's background bookkeeping reports about itself: consumer offsets, schedule progress, transaction
 * check progress, the re-drive log. A part that fails to persist is a problem until its next write succeeds;
 * while there is one, {@code /health} answers DEGRADED (503) with the reason instead of UP. The first failure of a
 * part is logged with its stack trace, repeats are not (the health says it), the recovery is logged again.
 */
public final class NodeHealth {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);

    private final Map<String, String> problems = new ConcurrentHashMap<>();

    /** {@code part} failed with {@code error}. */
    public void failed(String part, Throwable error) {
        String reason = error.getMessage() == null ? error.toString() : error.getMessage();
        if (problems.put(part, reason) == null) {
            LOG.error("{} failed; health is DEGRADED until it succeeds again", part, error);
        } else {
            LOG.debug("{} failed again: {}", part, reason);
        }
    }

    /** {@code part} succeeded: a problem it had is over. */
    public void succeeded(String part) {
        if (problems.remove(part) != null) {
            LOG.info("{} succeeds again", part);
        }
    }

    /** The parts failing now and why, by name. */
    public Map<String, String> problems() {
        return new TreeMap<>(problems);
    }
}
