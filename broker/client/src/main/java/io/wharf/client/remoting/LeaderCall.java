package io.wharf.client.remoting;

import io.wharf.client.BrokerAddresses;
import io.netty.util.Timeout;
import io.wharf.client.WharfClientException;
import io.wharf.protocol.Frame;
import io.wharf.protocol.NotLeader;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.Body;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One request to the leader of the broker group, sent again across leader changes until a node answers it as
 * leader or its time budget runs out. Only the leader serves clients, so:
 * <ul>
 * <li>NOT_LEADER naming the leader: that address becomes current (added if new) and the request goes there at
 *     once;</li>
 * <li>NOT_LEADER with the leader unknown (an election is under way): the next address, after a back-off of
 *     {@value #FIRST_BACKOFF_MS} ms doubling up to {@value #MAX_BACKOFF_MS} ms;</li>
 * <li>a connection that cannot be opened or breaks: the next address, at once until every address failed once
 *     in this call, then with the back-off;</li>
 * <li>a TLS refusal (handshake or session: an untrusted certificate, a missing client certificate): the next
 *     address at once; when every address refused, the call fails with it without waiting for its budget;</li>
 * <li>no answer within the budget: the call fails with the timeout and the next call starts at the next address
 *     (a silent node may be a dead leader; a live one that is not the leader sends the client back). Before it
 *     comes to that, the {@link LeaderWatch} asks the other nodes whether a quiet leader was replaced, and if so
 *     closes the connection to it: the call then goes on as after a lost connection.</li>
 * </ul>
 * Any other answer, success or error, is the call's outcome. When the budget runs out first the call fails with
 * a timeout naming the last failure.
 *
 * <p>A request whose connection broke after it was written may have been carried out; a repeatable call sends it
 * again (a send may then be stored twice, never lost). A call that is not repeatable is sent again only after
 * failures that leave it undone: no connection, or NOT_LEADER; a NOT_LEADER from a leader deposed while it stored
 * the request is the one exception, documented in {@code docs/client.md}.
 */
final class LeaderCall {
    static final long FIRST_BACKOFF_MS = 50;
    static final long MAX_BACKOFF_MS = 200;
    /** How long after its budget a call is ended by force if nothing else ended it. */
    static final long BACKSTOP_MS = 1000;

    private final RemotingClient remoting;
    private final BrokerAddresses addresses;
    private final Opcode opcode;
    private final Body body;
    private final long budgetMs;
    private final long deadlineNanos;
    private final boolean repeatable;
    private final LeaderWatch watch;
    private final Consumer<String> answeredByLeader;
    private final CompletableFuture<Frame> outcome = new CompletableFuture<>();
    private int attempts;
    private int redirects;
    private int connectionFailures;
    private int tlsFailures;
    private int backoffs;
    private Throwable lastFailure;

    /**
     * @param watch            watches for a leader gone quiet while this call waits; null for a long-polling pull
     * @param answeredByLeader called with the address of every node that answered other than NOT_LEADER
     */
    LeaderCall(RemotingClient remoting, BrokerAddresses addresses, Opcode opcode, Body body, long budgetMs,
               boolean repeatable, LeaderWatch watch, Consumer<String> answeredByLeader) {
        this.remoting = remoting;
        this.addresses = addresses;
        this.opcode = opcode;
        this.body = body;
        this.budgetMs = budgetMs;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs);
        this.repeatable = repeatable;
        this.watch = watch;
        this.answeredByLeader = answeredByLeader;
    }

    /** Starts the call; completes with the leader's answer or the failure. */
    CompletableFuture<Frame> run() {
        // A backstop: whatever goes wrong inside, the call ends shortly after its budget instead of never.
        Timeout backstop = RequestTimer.TIMER.newTimeout(t -> outcome.completeExceptionally(noLeaderInTime()),
            budgetMs + BACKSTOP_MS, TimeUnit.MILLISECONDS);
        outcome.whenComplete((r, e) -> backstop.cancel());
        attempt();
        return outcome;
    }

    /** Tries once; an unexpected exception (it may run in a timer task) fails the call instead of losing it. */
    private void attempt() {
        try {
            tryOnce();
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
    }

    private void tryOnce() {
        long leftMs = leftMs();
        // A call always makes its first attempt, however little of its budget is left by then: a call that
        // failed before trying would report nothing about the group.
        if (leftMs <= 0 && attempts > 0) {
            outcome.completeExceptionally(noLeaderInTime());
            return;
        }
        attempts++;
        String address = addresses.current();
        CompletableFuture<Frame> response = remoting.request(address, opcode, body, Math.max(1, leftMs));
        if (watch != null) {
            watch.track(address, response);
        }
        response.whenComplete((frame, error) -> {
            if (error == null) {
                // Record who answered before the caller can see the answer (and ask who leads).
                answeredByLeader.accept(address);
                outcome.complete(frame);
            } else {
                failed(address, Futures.unwrap(error));
            }
        });
    }

    private void failed(String address, Throwable error) {
        lastFailure = error;
        if (!(error instanceof WharfClientException failure) || remoting.isClosed()) {
            outcome.completeExceptionally(error);
            return;
        }
        if (failure.reason() == WharfClientException.Reason.TIMEOUT) {
            addresses.failed(address);
            outcome.completeExceptionally(attempts > 1 ? noLeaderInTime() : failure);
        } else if (failure.isTlsFailure()) {
            // A TLS refusal is a setting, not a passing fault: try each member once, then report it at once.
            addresses.failed(address);
            if (++tlsFailures >= addresses.size()) {
                outcome.completeExceptionally(failure);
            } else {
                retryAfter(0);
            }
        } else if (failure.reason() == WharfClientException.Reason.CONNECTION) {
            addresses.failed(address);
            if (!repeatable && !failure.neverSent()) {
                outcome.completeExceptionally(failure);
            } else {
                retryAfter(++connectionFailures < addresses.size() ? 0 : backoffMs());
            }
        } else if (failure.status() == Status.NOT_LEADER) {
            notLeader(address, failure);
        } else {
            answeredByLeader.accept(address);
            outcome.completeExceptionally(failure);
        }
    }

    private void notLeader(String address, WharfClientException failure) {
        Optional<String> leader = NotLeader.leaderOf(failure.brokerMessage()).filter(l -> !l.equals(address));
        if (leader.isPresent() && addresses.leaderIs(leader.get())) {
            // Nodes naming each other (stale knowledge during an election) must not spin: back off after a round.
            retryAfter(++redirects <= addresses.size() ? 0 : backoffMs());
        } else {
            addresses.failed(address);
            retryAfter(backoffMs());
        }
    }

    private WharfClientException noLeaderInTime() {
        return WharfClientException.timeout(opcode + " got no answer from a leader of " + addresses + " within "
            + budgetMs + " ms (" + attempts + " attempts); last failure: " + describe(lastFailure), lastFailure);
    }

    private long backoffMs() {
        return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(backoffs++, 8));
    }

    private void retryAfter(long delayMs) {
        if (delayMs == 0) {
            attempt();
        } else {
            RequestTimer.TIMER.newTimeout(t -> attempt(), Math.min(delayMs, Math.max(leftMs(), 1)),
                TimeUnit.MILLISECONDS);
        }
    }

    private long leftMs() {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    private static String describe(Throwable failure) {
        return failure == null ? "none" : failure.getMessage();
    }
}
