package io.wharf.micronaut.listener;

import java.util.List;

/**
 * The binding seam for listeners: starts one consumer per {@link ListenerDefinition} and stops them. The Wharf
 * client binding implements it; a second binding (another broker's client) would too.
 */
public interface ListenerContainer {
    /** Starts consuming for every definition; fails loudly when a consumer cannot start (e.g. a bad filter). */
    void start(List<BoundListener> listeners);

    /** Stops pulling, waits for running calls, commits offsets and leaves the groups. */
    void stop();
}
