package io.wharf.client.remoting;

import java.util.concurrent.CompletionException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.wharf.client.WharfClientException;
import io.wharf.protocol.Frame;
import io.wharf.protocol.ProtocolException;
import io.wharf.protocol.netty.Handshakes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection to one broker address and the requests waiting for their responses on it. When the channel
 * closes every waiting request fails with a connection error; the next request opens a new connection.
 */
final class BrokerConnection {
    private final String address;
    private final CompletableFuture<Channel> ready = new CompletableFuture<>();
    private final ConcurrentHashMap<Long, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
    private volatile Throwable closeCause;

    BrokerConnection(String address) {
        this.address = address;
    }

    /**
     * Follows the connect attempt: {@link #ready()} completes with its channel, once authenticated when the
     * pipeline authenticates, or with its failure.
     */
    void connecting(ChannelFuture connect) {
        connect.addListener(f -> {
            if (f.isSuccess()) {
                Channel ch = connect.channel();
                ch.closeFuture().addListener(c -> failAll("connection to " + address + " closed"));
                Handshakes.of(ch).whenComplete((v, refused) -> {
                    if (refused == null) {
                        ready.complete(ch);
                        return;
                    }
                    ch.close();
                    Throwable cause = refused instanceof CompletionException c
                        && c.getCause() != null ? c.getCause() : refused;
                    // A TLS 1.3 broker refuses a client certificate after the client's side of the handshake:
                    // the alert closes the connection while it authenticates, so look at why it closed first.
                    Throwable closedBy = WharfClientException.tlsCause(closeCause);
                    Throwable tls = closedBy != null ? closedBy : WharfClientException.tlsCause(cause);
                    ready.completeExceptionally(tls != null
                        ? WharfClientException.notConnected("TLS handshake with " + address + " failed: "
                            + tls.getMessage(), tls)
                        : cause instanceof ProtocolException p
                            ? WharfClientException.ofStatus(p.status(), address + " refused the connection: "
                                + p.getMessage())
                            : WharfClientException.connection("connecting to " + address + " failed", cause));
                });
            } else {
                ready.completeExceptionally(WharfClientException.notConnected("cannot connect to " + address,
                    f.cause()));
            }
        });
    }

    String address() {
        return address;
    }

    CompletableFuture<Channel> ready() {
        return ready;
    }

    /** True once connecting failed or the channel closed: the client replaces a dead connection. */
    boolean isDead() {
        // Read the state once it is final: a connect failing between two reads of a pending future must not make
        // this throw (it runs inside the request path and timer tasks).
        if (!ready.isDone()) {
            return false;
        }
        if (ready.isCompletedExceptionally()) {
            return true;
        }
        Channel channel = ready.getNow(null);
        return channel == null || !channel.isActive();
    }

    /** Registers {@code response} for {@code requestId}; it is removed again when it completes in any way. */
    void await(long requestId, CompletableFuture<Frame> response) {
        pending.put(requestId, response);
        response.whenComplete((r, e) -> pending.remove(requestId, response));
    }

    /** Hands a response frame to its waiting request; false when nobody waits for it (timed out before). */
    boolean complete(Frame response) {
        CompletableFuture<Frame> waiting = pending.remove(response.requestId());
        if (waiting == null) {
            return false;
        }
        if (response.status().isError()) {
            waiting.completeExceptionally(ErrorResponses.toException(response));
        } else {
            waiting.complete(response);
        }
        return true;
    }

    /** Records why the channel is being closed (the pipeline caught {@code cause}), for the requests it fails. */
    void closing(Throwable cause) {
        closeCause = cause;
    }

    void failAll(String why) {
        Throwable cause = closeCause;
        Throwable tls = WharfClientException.tlsCause(cause);
        for (Long id : pending.keySet()) {
            CompletableFuture<Frame> waiting = pending.remove(id);
            if (waiting != null) {
                // The broker refused the TLS session (e.g. no client certificate, TLS 1.3 reports it after the
                // client's side of the handshake): it never read the request.
                waiting.completeExceptionally(tls != null
                    ? WharfClientException.notConnected("TLS with " + address + " failed: " + tls.getMessage(), tls)
                    : WharfClientException.connection(why, cause));
            }
        }
    }

    void close() {
        ready.thenAccept(Channel::close);
        failAll("client closed");
    }
}
