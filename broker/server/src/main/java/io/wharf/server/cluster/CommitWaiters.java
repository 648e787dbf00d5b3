package io.wharf.server.cluster;

import io.wharf.protocol.NotLeader;
import io.wharf.protocol.Status;
import io.wharf.server.common.BrokerException;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Sends waiting for the majority: each completes once the commit index reaches its record, with
 * {@link Status#FLUSH_SLAVE_TIMEOUT} when that takes longer than the timeout (or
 * {@link Status#SLAVE_NOT_AVAILABLE} when no follower answers at all), and fails with NOT_LEADER when the leader
 * steps down first. Waiters are added from any thread and settled on the replication thread.
 */
final class CommitWaiters {
    private record Waiter(long index, long term, long deadline, CompletableFuture<Status> future)
        implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter o) {
            return Long.compare(index, o.index);
        }
    }

    private final ConcurrentLinkedQueue<Waiter> incoming = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>();

    void add(long index, long term, long deadline, CompletableFuture<Status> future) {
        incoming.add(new Waiter(index, term, deadline, future));
    }

    /** Replication thread: completes every waiter of {@code term} at or below {@code commitIndex}. */
    void committed(long commitIndex, long term) {
        drain();
        while (!waiting.isEmpty() && waiting.peek().index <= commitIndex) {
            Waiter w = waiting.poll();
            if (w.term == term) {
                w.future.complete(Status.OK);
            } else {
                w.future.completeExceptionally(new BrokerException(Status.NOT_LEADER, NotLeader.message(null)));
            }
        }
    }

    /** Replication thread: answers waiters past their deadline; {@code followersUp} says which status. */
    void expire(long now, boolean followersUp) {
        drain();
        waiting.removeIf(w -> {
            if (now >= w.deadline) {
                w.future.complete(followersUp ? Status.FLUSH_SLAVE_TIMEOUT : Status.SLAVE_NOT_AVAILABLE);
                return true;
            }
            return false;
        });
    }

    /** Replication thread: this node stopped leading; nothing it waited for can be promised any more. */
    void failAll(String leaderAddress) {
        drain();
        BrokerException e = new BrokerException(Status.NOT_LEADER, NotLeader.message(leaderAddress));
        for (Waiter w : waiting) {
            w.future.completeExceptionally(e);
        }
        waiting.clear();
    }

    int size() {
        return waiting.size() + incoming.size();
    }

    private void drain() {
        Waiter w;
        while ((w = incoming.poll()) != null) {
            waiting.add(w);
        }
    }
}
