package io.wharf.client;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The addresses of the nodes of one broker group: the bootstrap list ({@code "host:port,host:port"}; no name
 * server) and every leader address a node named in a NOT_LEADER answer. The client talks to one node at a time,
 * the current one: a named leader becomes current ({@link #leaderIs}); a node that failed or does not know the
 * leader makes the next address current ({@link #failed}). Thread-safe; the clients built from one configuration
 * share it, so what one learns about the leader the others use at once.
 */
public final class BrokerAddresses {
    private final CopyOnWriteArrayList<String> addresses;
    private final AtomicReference<String> current;

    public BrokerAddresses(List<String> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one broker address is needed");
        }
        for (String a : addresses) {
            if (!isHostPort(a)) {
                throw new IllegalArgumentException("broker address must be host:port, got '" + a + "'");
            }
        }
        this.addresses = new CopyOnWriteArrayList<>(addresses.stream().distinct().toList());
        this.current = new AtomicReference<>(this.addresses.getFirst());
    }

    /** Parses {@code "host:port,host:port"} (spaces around commas allowed). */
    public static BrokerAddresses parse(String list) {
        return new BrokerAddresses(Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .toList());
    }

    private static boolean isHostPort(String a) {
        int colon = a.lastIndexOf(':');
        return colon > 0 && colon < a.length() - 1 && a.substring(colon + 1).chars().allMatch(Character::isDigit)
            && a.chars().noneMatch(c -> c == ',' || Character.isWhitespace(c));
    }

    /** The bootstrap addresses, then the leader addresses learned since, in the order they became known. */
    public List<String> all() {
        return List.copyOf(addresses);
    }

    /** How many addresses are known. */
    public int size() {
        return addresses.size();
    }

    /** The address to use now. */
    public String current() {
        return current.get();
    }

    /** Moves on to the address after {@code failed} if {@code failed} is still the current one. */
    public void failed(String failed) {
        int index = addresses.indexOf(failed);
        if (index >= 0) {
            String next = addresses.get((index + 1) % addresses.size());
            current.updateAndGet(now -> now.equals(failed) ? next : now);
        }
    }

    /**
     * Makes {@code leader}, as a node named it, the current address, adding it to the list if it is new.
     *
     * @return false (and nothing changed) when {@code leader} is not a {@code host:port} address
     */
    public boolean leaderIs(String leader) {
        if (leader == null || !isHostPort(leader)) {
            return false;
        }
        addresses.addIfAbsent(leader);
        current.set(leader);
        return true;
    }

    @Override
    public String toString() {
        return String.join(",", addresses);
    }
}
