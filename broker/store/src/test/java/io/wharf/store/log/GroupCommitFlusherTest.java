package io.wharf.store.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.store.common.AppendStatus;
import io.wharf.store.common.FailStop;
import io.wharf.store.common.StoreFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupCommitFlusherTest {
    private final FailStop failStop = new FailStop();
    private final AtomicReference<LogPosition> lastFlushed = new AtomicReference<>();
    private final List<GroupCommitFlusher> opened = new ArrayList<>();

    private GroupCommitFlusher flusher(LongConsumer forceUpTo, Duration timeout) {
        GroupCommitFlusher f = new GroupCommitFlusher(forceUpTo, lastFlushed::set, failStop, timeout);
        opened.add(f);
        return f;
    }

    @AfterEach
    void closeFlushers() {
        opened.forEach(GroupCommitFlusher::close);
    }

    private static LogPosition at(long index) {
        return new LogPosition(index * 100, index, 1L);
    }

    @Test
    void concurrentSubmittersAllCompleteWithFarFewerForcesThanRequests() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        AtomicLong forcedUpTo = new AtomicLong();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        GroupCommitFlusher flusher = flusher(offset -> {
            forces.incrementAndGet();
            if (offset <= forcedUpTo.get()) {
                violations.add("force to " + offset + " after a force to " + forcedUpTo.get());
            }
            LockSupport.parkNanos(200_000); // a device that takes 0.2 ms per force
            forcedUpTo.set(offset);
        }, Duration.ofSeconds(30));

        int threads = 8;
        int perThread = 500;
        ReentrantLock appendLock = new ReentrantLock();
        AtomicLong nextIndex = new AtomicLong();
        ConcurrentLinkedQueue<CompletableFuture<AppendStatus>> futures = new ConcurrentLinkedQueue<>();
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            submitters.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    CompletableFuture<AppendStatus> done;
                    LogPosition end;
                    appendLock.lock();
                    try {
                        end = at(nextIndex.incrementAndGet());
                        done = flusher.submit(end);
                    } finally {
                        appendLock.unlock();
                    }
                    LogPosition mine = end;
                    futures.add(done.whenComplete((status, error) -> {
                        if (forcedUpTo.get() < mine.offset()) {
                            violations.add(mine + " completed before it was forced");
                        }
                    }));
                    if (i % 8 == 7) {
                        done.join(); // like appenders that each have a few appends in flight
                    }
                }
            }));
        }
        for (Thread t : submitters) {
            t.join();
        }
        for (CompletableFuture<AppendStatus> f : futures) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(AppendStatus.PUT_OK);
        }
        int requests = threads * perThread;
        assertThat(futures).hasSize(requests);
        assertThat(violations).isEmpty();
        assertThat(lastFlushed.get()).isEqualTo(at(requests));
        assertThat(forces.get()).as("forces for %d requests", requests).isPositive().isLessThan(requests / 3);
        assertThat(flusher.forceCount()).isEqualTo(forces.get());
        assertThat(failStop.failed()).isFalse();
    }

    @Test
    void aBurstSharesOneForceStartedWhenItEnds() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        GroupCommitFlusher flusher = flusher(offset -> forces.incrementAndGet(), Duration.ofSeconds(30));

        flusher.beginBurst();
        List<CompletableFuture<AppendStatus>> burst = List.of(flusher.submit(at(1)), flusher.submit(at(2)),
            flusher.submit(at(3)));
        flusher.endBurst();

        for (CompletableFuture<AppendStatus> f : burst) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(AppendStatus.PUT_OK);
        }
        assertThat(forces.get()).isEqualTo(1);
        assertThat(lastFlushed.get()).isEqualTo(at(3));
    }

    @Test
    void aBurstThatNeverEndsIsForcedByTheWatchdogLongBeforeTheTimeout() throws Exception {
        GroupCommitFlusher flusher = flusher(offset -> { }, Duration.ofSeconds(30));

        flusher.beginBurst();
        CompletableFuture<AppendStatus> left = flusher.submit(at(1));

        assertThat(left.get(5, TimeUnit.SECONDS)).isEqualTo(AppendStatus.PUT_OK);
        flusher.endBurst();
    }

    @Test
    void forceSlowerThanTheTimeoutYieldsFlushDiskTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        GroupCommitFlusher flusher = flusher(offset -> {
            if (forces.incrementAndGet() == 1) {
                awaitQuietly(release);
            }
        }, Duration.ofMillis(100));
        CompletableFuture<AppendStatus> slow = flusher.submit(at(1));
        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(AppendStatus.FLUSH_DISK_TIMEOUT);
        release.countDown();
        assertThat(flusher.submit(at(2)).get(10, TimeUnit.SECONDS)).isEqualTo(AppendStatus.PUT_OK);
        assertThat(lastFlushed.get()).isEqualTo(at(2));
        assertThat(failStop.failed()).isFalse();
    }

    @Test
    void failedForceFailsEveryPendingAndLaterRequestAndStopsTheStore() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        AtomicReference<Thread> flusherThread = new AtomicReference<>();
        UncheckedIOException diskGone = new UncheckedIOException(new IOException("device removed"));
        GroupCommitFlusher flusher = flusher(offset -> {
            forces.incrementAndGet();
            flusherThread.set(Thread.currentThread());
            entered.countDown();
            awaitQuietly(release);
            throw diskGone;
        }, Duration.ofSeconds(30));

        List<CompletableFuture<AppendStatus>> pending = new ArrayList<>();
        pending.add(flusher.submit(at(1)));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        pending.add(flusher.submit(at(2)));
        pending.add(flusher.submit(at(3)));
        release.countDown();
        for (CompletableFuture<AppendStatus> f : pending) {
            assertFailedWith(f, diskGone);
        }
        assertThat(failStop.failed()).isTrue();
        assertThat(failStop.failure().getCause()).isSameAs(diskGone);

        flusherThread.get().join(10_000);
        assertThat(flusherThread.get().isAlive()).as("the flusher stops for good").isFalse();
        for (int i = 4; i < 10; i++) {
            assertFailedWith(flusher.submit(at(i)), diskGone);
        }
        assertThat(forces.get()).isEqualTo(1);
        assertThat(lastFlushed.get()).isNull();
    }

    @Test
    void closeCompletesEverythingQueuedBeforeReturning() {
        CountDownLatch release = new CountDownLatch(1);
        GroupCommitFlusher flusher = flusher(offset -> awaitQuietly(release), Duration.ofSeconds(30));
        List<CompletableFuture<AppendStatus>> pending = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            pending.add(flusher.submit(at(i)));
        }
        release.countDown();
        flusher.close();
        assertThat(pending).allSatisfy(f -> assertThat(f).isCompletedWithValue(AppendStatus.PUT_OK));
        assertThat(lastFlushed.get()).isEqualTo(at(20));
    }

    private static void assertFailedWith(CompletableFuture<AppendStatus> f, Throwable cause) throws Exception {
        try {
            AppendStatus status = f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + status);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(StoreFailedException.class);
            assertThat(e.getCause().getCause()).isSameAs(cause);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
