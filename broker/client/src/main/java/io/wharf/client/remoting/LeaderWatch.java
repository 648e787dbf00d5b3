package io.wharf.client.remoting;

import io.wharf.client.BrokerAddresses;
import io.wharf.client.WharfClientException;
import io.wharf.protocol.Frame;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.body.ClusterLeaderResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether a leader that went quiet was replaced. A killed leader's connections close, but a paused or
 * cut-off one keeps them open and says nothing, so requests would wait out their whole timeout. When requests
 * are waiting and the current node has not answered anything for {@value #QUIET_MS} ms, the watch asks the
 * other nodes CLUSTER_LEADER: if one of them now leads, or names another leader, the client moves there and
 * closes its connection to the quiet node, so the requests waiting on it are sent again to the new leader. A
 * leader that is merely slow is named by the others and waited for. Long-polling pulls, silent by design, are
 * not watched. One round of questions at a time; checked every {@value #CHECK_EVERY_MS} ms until the client
 * closes.
 */
final class LeaderWatch {
    /** How long the current node may be silent, with requests waiting, before the others are asked. */
    static final long QUIET_MS = 1000;
    static final long CHECK_EVERY_MS = 250;

    private static final Logger LOG = LoggerFactory.getLogger(LeaderWatch.class);
    private static final Body EMPTY = w -> { };

    private final RemotingClient remoting;
    private final BrokerAddresses addresses;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile long lastHeardNanos = System.nanoTime();

    LeaderWatch(RemotingClient remoting, BrokerAddresses addresses) {
        this.remoting = remoting;
        this.addresses = addresses;
        scheduleCheck();
    }

    /** Counts {@code response}, a request to {@code address}, as waiting until it completes. */
    void track(String address, CompletableFuture<Frame> response) {
        if (waiting.getAndIncrement() == 0) {
            lastHeardNanos = System.nanoTime(); // the silence that counts starts when requests start waiting
        }
        response.whenComplete((frame, error) -> {
            waiting.decrementAndGet();
            boolean answered = frame != null || (Futures.unwrap(error) instanceof WharfClientException e
                && !e.isTransportFailure());
            if (answered && address.equals(addresses.current())) {
                lastHeardNanos = System.nanoTime();
            }
        });
    }

    private void scheduleCheck() {
        if (!remoting.isClosed()) {
            RequestTimer.TIMER.newTimeout(t -> check(), CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        try {
            if (waiting.get() > 0 && System.nanoTime() - lastHeardNanos > TimeUnit.MILLISECONDS.toNanos(QUIET_MS)) {
                ask(addresses.current());
            }
        } finally {
            scheduleCheck();
        }
    }

    private void ask(String quiet) {
        List<String> others = addresses.all().stream().filter(a -> !a.equals(quiet)).toList();
        if (others.isEmpty() || !asking.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<?>[] asked = new CompletableFuture<?>[others.size()];
        for (int i = 0; i < others.size(); i++) {
            String node = others.get(i);
            asked[i] = remoting.request(node, Opcode.CLUSTER_LEADER, EMPTY, QUIET_MS)
                .thenAccept(f -> answered(quiet, node, ClusterLeaderResponse.decode(f.reader())))
                .exceptionally(e -> null);
        }
        CompletableFuture.allOf(asked).whenComplete((r, e) -> asking.set(false));
    }

    private void answered(String quiet, String node, ClusterLeaderResponse answer) {
        String leader = answer.leader() ? node : answer.leaderAddress();
        if (leader.isEmpty() || leader.equals(quiet) || !quiet.equals(addresses.current())) {
            return;
        }
        if (addresses.leaderIs(leader)) {
            LOG.info("{} has said nothing for over {} ms and {} says {} leads; moving there", quiet, QUIET_MS, node,
                leader);
            remoting.disconnect(quiet);
        }
    }
}
