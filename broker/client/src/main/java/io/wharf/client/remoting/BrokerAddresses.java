package io.wharf.client.remoting;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bootstrap list of broker addresses ({@code "host:port,host:port"}; no name server). They name the nodes of
 * one broker group: the client talks to one at a time and moves on to the next when a connection to the current
 * one fails.
 */
public final class BrokerAddresses {
    private final List<String> addresses;
    private final AtomicInteger current = new AtomicInteger();

    public BrokerAddresses(List<String> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one broker address is needed");
        }
        for (String a : addresses) {
            int colon = a.lastIndexOf(':');
            if (colon <= 0 || colon == a.length() - 1 || !a.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("broker address must be host:port, got '" + a + "'");
            }
        }
        this.addresses = List.copyOf(addresses);
    }

    /** Parses {@code "host:port,host:port"} (spaces around commas allowed). */
    public static BrokerAddresses parse(String list) {
        return new BrokerAddresses(Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .toList());
    }

    public List<String> all() {
        return addresses;
    }

    /** The address to use now. */
    public String current() {
        return addresses.get(Math.floorMod(current.get(), addresses.size()));
    }

    /** Moves on to the next address if {@code failed} is still the current one. */
    public void failed(String failed) {
        int now = current.get();
        if (addresses.get(Math.floorMod(now, addresses.size())).equals(failed)) {
            current.compareAndSet(now, now + 1);
        }
    }

    @Override
    public String toString() {
        return String.join(",", addresses);
    }
}
