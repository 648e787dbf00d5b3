package io.wharf.raft;

import java.util.List;

/**
 * The voting members of the group as a configuration entry of the log sets them.
 *
 * @param index   the entry's log index (0: the configuration the group was started with)
 * @param members the voting members, in order
 */
public record Configuration(long index, List<String> members) {
    public Configuration {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a configuration needs at least one member");
        }
    }

    /** The one member {@code next} adds or removes, or null when the two differ by more (or not at all). */
    static String singleChange(List<String> current, List<String> next) {
        List<String> added = next.stream().filter(m -> !current.contains(m)).toList();
        List<String> removed = current.stream().filter(m -> !next.contains(m)).toList();
        if (added.size() + removed.size() != 1 || next.stream().distinct().count() != next.size()) {
            return null;
        }
        return added.isEmpty() ? removed.getFirst() : added.getFirst();
    }
}
