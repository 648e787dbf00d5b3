package io.wharf.server.common;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import io.wharf.protocol.Frame;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.body.ErrorBody;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests the broker sends to a client over the client's own connection (transaction check-back), matched to
 * the client's RESPONSE frames by request id. The waiting requests live on the channel, so they go away with it:
 * a closed channel fails them, and so does a timeout.
 */
public final class ChannelRequests {
    private static final AttributeKey<ConcurrentHashMap<Long, CompletableFuture<Frame>>> PENDING =
        AttributeKey.valueOf("wharf.pendingRequests");
    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    private ChannelRequests() {
    }

    /**
     * Sends {@code body} as a request; completes with the client's response frame, or fails with a
     * {@link BrokerException} (error status), a {@link TimeoutException} or a closed-channel error.
     */
    public static CompletableFuture<Frame> request(Channel channel, Opcode opcode, Body body, long timeoutMs) {
        long requestId = NEXT_ID.getAndIncrement();
        CompletableFuture<Frame> response = new CompletableFuture<>();
        ConcurrentHashMap<Long, CompletableFuture<Frame>> pending = pending(channel);
        pending.put(requestId, response);
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> response.completeExceptionally(
            new TimeoutException(opcode + " to " + channel.remoteAddress() + " got no response within " + timeoutMs
                + " ms")), timeoutMs, TimeUnit.MILLISECONDS);
        response.whenComplete((r, e) -> {
            timer.cancel(false);
            pending.remove(requestId, response);
        });
        channel.writeAndFlush(Frame.request(opcode, requestId, body.toBuffer())).addListener(f -> {
            if (!f.isSuccess()) {
                response.completeExceptionally(f.cause());
            }
        });
        return response;
    }

    /** Hands a response frame to the request waiting for it; false when none waits (it timed out). */
    public static boolean complete(Channel channel, Frame response) {
        CompletableFuture<Frame> waiting = pending(channel).remove(response.requestId());
        if (waiting == null) {
            return false;
        }
        if (response.status().isError()) {
            String message;
            try {
                message = ErrorBody.decode(response.reader()).message();
            } catch (RuntimeException e) {
                message = "(no message)";
            }
            waiting.completeExceptionally(new BrokerException(response.status(), message));
        } else {
            waiting.complete(response);
        }
        return true;
    }

    /** Fails every request still waiting on a closed channel. */
    public static void channelClosed(Channel channel) {
        ConcurrentHashMap<Long, CompletableFuture<Frame>> pending = channel.attr(PENDING).get();
        if (pending != null) {
            pending.values().forEach(f -> f.completeExceptionally(
                new IllegalStateException("connection " + channel.remoteAddress() + " closed")));
        }
    }

    private static ConcurrentHashMap<Long, CompletableFuture<Frame>> pending(Channel channel) {
        ConcurrentHashMap<Long, CompletableFuture<Frame>> m = channel.attr(PENDING).get();
        if (m == null) {
            ConcurrentHashMap<Long, CompletableFuture<Frame>> fresh = new ConcurrentHashMap<>();
            m = channel.attr(PENDING).setIfAbsent(fresh);
            if (m == null) {
                m = fresh;
            }
        }
        return m;
    }
}
