package io.wharf.protocol;

import java.util.Optional;

/**
 * The text of a {@link Status#NOT_LEADER} error: a follower names the leader it knows of so that the client can
 * go there directly. The message reads {@code "not the leader; leader=host:port"} or
 * {@code "not the leader; leader unknown"} (an election is under way); the address is the leader's client address
 * as listed in {@code cluster.members}.
 */
public final class NotLeader {
    private static final String PREFIX = "not the leader; leader=";
    private static final String UNKNOWN = "not the leader; leader unknown";

    private NotLeader() {
    }

    /** The error message for a known leader address, or for none ({@code null}). */
    public static String message(String leaderAddress) {
        return leaderAddress == null ? UNKNOWN : PREFIX + leaderAddress;
    }

    /** The leader address a NOT_LEADER message names, if it names one. */
    public static Optional<String> leaderOf(String message) {
        if (message == null || !message.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String address = message.substring(PREFIX.length()).trim();
        return address.isEmpty() ? Optional.empty() : Optional.of(address);
    }
}
