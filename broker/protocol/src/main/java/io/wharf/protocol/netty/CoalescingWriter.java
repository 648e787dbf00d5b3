package io.wharf.protocol.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import io.netty.util.internal.PlatformDependent;
import io.wharf.protocol.Frame;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Writes frames to one channel from any thread with one flush per burst. {@code channel.writeAndFlush} from a
 * thread outside the channel's event loop costs a task, often a wake-up of the loop and a {@code write} system
 * call per frame; here a writer only queues its frame, and the first writer of a burst schedules one task that
 * writes everything queued by then and flushes once. Under load (a group commit completing dozens of sends at
 * once, dozens of producer threads) many frames leave in one system call; alone, a frame waits for nothing but
 * that one task.
 *
 * <p>Frames of one thread leave in the order written. A frame that cannot be written is reported to its
 * {@code onFailure}, if it has one; otherwise the failure goes down the pipeline ({@code exceptionCaught}).
 */
public final class CoalescingWriter {
    private static final AttributeKey<CoalescingWriter> KEY = AttributeKey.valueOf("wharf.coalescingWriter");

    private final Channel channel;
    private final Queue<Pending> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    private CoalescingWriter(Channel channel) {
        this.channel = channel;
    }

    /** The channel's writer, created on first use. */
    public static CoalescingWriter of(Channel channel) {
        CoalescingWriter w = channel.attr(KEY).get();
        if (w == null) {
            CoalescingWriter created = new CoalescingWriter(channel);
            w = channel.attr(KEY).setIfAbsent(created);
            if (w == null) {
                w = created;
            }
        }
        return w;
    }

    /** Queues {@code frame}; failures go down the pipeline. */
    public void write(Frame frame) {
        write(frame, null);
    }

    /** Queues {@code frame}; {@code onFailure} (may be null) learns why it could not be written. */
    public void write(Frame frame, Consumer<Throwable> onFailure) {
        queue.add(new Pending(frame, onFailure));
        if (scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                failAll(e);
            }
        }
    }

    private void drain() {
        scheduled.set(false);
        int written = 0;
        for (Pending p; (p = queue.poll()) != null; written++) {
            if (p.onFailure == null) {
                channel.write(p.frame, channel.voidPromise());
            } else {
                Consumer<Throwable> onFailure = p.onFailure;
                channel.write(p.frame).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        onFailure.accept(f.cause());
                    }
                });
            }
        }
        if (written > 0) {
            channel.flush();
        }
    }

    private void failAll(Throwable cause) {
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p.onFailure != null) {
                p.onFailure.accept(cause);
            }
        }
    }

    private record Pending(Frame frame, Consumer<Throwable> onFailure) {
    }
}
