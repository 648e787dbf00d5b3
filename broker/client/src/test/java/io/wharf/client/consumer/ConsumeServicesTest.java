package io.wharf.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.MessageQueue;
import io.wharf.client.remoting.ClientThreads;
import io.wharf.testkit.Await;
import io.wharf.client.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The consume services over a ProcessQueue, without a broker: acknowledgement, retry, suspension, locks, hooks. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConsumeServicesTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        ClientThreads.daemon("test-timer"));
    private final ProcessQueue pq = new ProcessQueue(new MessageQueue("T", 1), 0);
    private final ConsumeHooks hooks = new ConsumeHooks();
    private final List<ConsumeContext> observed = new CopyOnWriteArrayList<>();
    private ConsumeService service;

    ConsumeServicesTest() {
        hooks.add(new ConsumeHook() {
            @Override
            public void afterConsume(ConsumeContext context) {
                observed.add(context);
            }
        });
    }

    @AfterEach
    void tearDown() {
        if (service != null) {
            service.shutdown(1000);
        }
        timer.shutdownNow();
    }

    private static ConsumerConfig config(int batch) {
        return ConsumerConfig.builder("g", "127.0.0.1:1").consumeMessageBatchMaxSize(batch)
            .suspendCurrentQueueTimeMillis(50).consumeThreadMin(2).consumeThreadMax(4).build();
    }

    private static List<ReceivedMessage> msgs(long from, long to) {
        return LongStream.range(from, to).mapToObj(o -> new ReceivedMessage("T", 1, o, o, 0, 0, "h", 0, 0, Map.of(),
            new byte[0])).toList();
    }

    private void put(List<ReceivedMessage> m) {
        service.submit(pq, pq.putMessages(m, m.getLast().queueOffset() + 1));
    }

    @Test
    void concurrentRetryKeepsTheOffsetUntilTheMessageSucceeds() {
        AtomicInteger attemptsOf3 = new AtomicInteger();
        MessageListenerConcurrently listener = (msgs, ctx) -> {
            if (msgs.getFirst().queueOffset() == 3 && attemptsOf3.incrementAndGet() < 3) {
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
        ConsumerConfig c = config(1);
        service = new ConcurrentConsumeService(c, listener, hooks, timer, ConsumeExecutor.ownPool(2, 4,
            ClientThreads.daemon("test-consume")));
        put(msgs(0, 10));
        Await.until(Duration.ofSeconds(5), () -> pq.ackOffset() == 3 && pq.inFlightCount() == 1,
            () -> "ack " + pq.ackOffset() + ", in flight " + pq.inFlightCount());
        Await.until(Duration.ofSeconds(5), () -> pq.ackOffset() == 10, () -> "ack " + pq.ackOffset());
        assertThat(attemptsOf3).hasValue(3);
        List<Integer> reconsumeCountsOf3 = observed.stream()
            .filter(o -> o.messages().getFirst().queueOffset() == 3)
            .map(o -> o.messages().getFirst().reconsumeTimes()).toList();
        assertThat(reconsumeCountsOf3).containsExactly(0, 1, 2);
        assertThat(observed.stream().filter(o -> !o.success()).map(ConsumeContext::status).toList())
            .containsOnly(ConsumeConcurrentlyStatus.RECONSUME_LATER);
    }

    @Test
    void aThrowingConcurrentListenerCountsAsRetryLater() {
        AtomicInteger calls = new AtomicInteger();
        MessageListenerConcurrently listener = (msgs, ctx) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
        service = new ConcurrentConsumeService(config(4), listener, hooks, timer, ConsumeExecutor.ownPool(1, 1,
            ClientThreads.daemon("test-consume")));
        put(msgs(0, 4));
        Await.until(Duration.ofSeconds(5), () -> pq.ackOffset() == 4, () -> "ack " + pq.ackOffset());
        assertThat(observed.getFirst().error()).hasMessage("boom");
        assertThat(observed.getFirst().messages()).hasSize(4);
    }

    @Test
    void droppedQueueAcknowledgesNothingMore() throws Exception {
        MessageListenerConcurrently listener = (msgs, ctx) -> {
            pq.drop();
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
        service = new ConcurrentConsumeService(config(1), listener, hooks, timer, ConsumeExecutor.ownPool(1, 1,
            ClientThreads.daemon("test-consume")));
        put(msgs(0, 3));
        Thread.sleep(200);
        assertThat(pq.ackOffset()).isZero();
    }

    @Test
    void orderlySuspendRedeliversTheSameBatchFirstThenContinuesInOrder() {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        MessageListenerOrderly listener = (msgs, ctx) -> {
            msgs.forEach(m -> delivered.add(m.queueOffset()));
            return calls.incrementAndGet() == 2 ? ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT
                : ConsumeOrderlyStatus.SUCCESS;
        };
        service = new OrderlyConsumeService(config(2), listener, hooks, timer, ConsumeExecutor.ownPool(2, 4,
            ClientThreads.daemon("test-consume")), false);
        put(msgs(0, 6));
        Await.until(Duration.ofSeconds(5), () -> pq.ackOffset() == 6, () -> "delivered " + delivered);
        assertThat(delivered).containsExactly(0L, 1L, 2L, 3L, 2L, 3L, 4L, 5L);
        assertThat(observed.get(2).messages()).extracting(ReceivedMessage::reconsumeTimes).containsExactly(1, 1);
    }

    @Test
    void orderlyConsumesOnlyWhileTheLockIsValid() throws Exception {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        MessageListenerOrderly listener = (msgs, ctx) -> {
            msgs.forEach(m -> delivered.add(m.queueOffset()));
            return ConsumeOrderlyStatus.SUCCESS;
        };
        service = new OrderlyConsumeService(config(1), listener, hooks, timer, ConsumeExecutor.ownPool(2, 4,
            ClientThreads.daemon("test-consume")), true);
        put(msgs(0, 3));
        Thread.sleep(200);
        assertThat(delivered).as("not locked: nothing consumed").isEmpty();
        pq.lockGranted(System.nanoTime());
        service.resume(pq);
        Await.until(Duration.ofSeconds(5), () -> delivered.size() == 3, () -> "delivered " + delivered);
        pq.lockLost();
        put(msgs(3, 5));
        Thread.sleep(200);
        assertThat(delivered).as("lock lost: consumption paused").hasSize(3);
        assertThat(pq.ackOffset()).isEqualTo(3);
    }

    @Test
    void threadPoolGrowsToItsMaximumWhenAllThreadsAreBusy() throws Exception {
        var pool = ConsumeThreadPool.create(1, 3, ClientThreads.daemon("grow"));
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(3);
            for (int i = 0; i < 5; i++) {
                pool.execute(() -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.getPoolSize()).isEqualTo(3);
            assertThat(pool.getQueue()).hasSize(2);
            release.countDown();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aCallPastTheConsumeTimeoutIsSentBackAndAcknowledgedAndItsLateResultIgnored() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MessageListenerConcurrently listener = (msgs, ctx) -> {
            if (msgs.getFirst().queueOffset() == 0) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
        List<Long> sentBack = new CopyOnWriteArrayList<>();
        SendBack broker = (m, level, reason) -> {
            sentBack.add(m.queueOffset());
            return CompletableFuture.completedFuture(null);
        };
        ConsumerConfig c = ConsumerConfig.builder("g", "127.0.0.1:1").consumeTimeoutMs(100).consumeThreadMin(2)
            .consumeThreadMax(2).build();
        service = new ConcurrentConsumeService(c, listener, hooks, timer, ConsumeExecutor.ownPool(2, 2,
            ClientThreads.daemon("test-consume")), broker);
        put(msgs(0, 3));
        Await.until(Duration.ofSeconds(5), () -> pq.ackOffset() == 3, () -> "ack offset " + pq.ackOffset());
        assertThat(sentBack).containsExactly(0L);
        assertThat(release.getCount()).as("the listener still runs").isEqualTo(1);

        release.countDown();
        Await.until(Duration.ofSeconds(5), () -> observed.size() == 3, () -> "observed " + observed.size());
        Thread.sleep(200);
        assertThat(sentBack).as("the late RECONSUME_LATER is ignored").containsExactly(0L);
        assertThat(pq.ackOffset()).isEqualTo(3);
    }
}
