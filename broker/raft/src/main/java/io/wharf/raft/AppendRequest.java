package io.wharf.raft;

import java.util.List;

/**
 * The leader's append: {@code entries} follow the entry at {@code prevIndex} whose term is {@code prevTerm}; the
 * leader's commit index travels with it. With no entries it is a heartbeat.
 *
 * @param <E> the entry type of the log
 */
public record AppendRequest<E>(long term, String from, String to, long prevIndex, long prevTerm, long commitIndex,
                               List<E> entries) implements RaftMessage {
}
