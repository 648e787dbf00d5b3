package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.SendResult;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.Futures;
import io.wharf.protocol.body.ExpressionType;
import io.wharf.protocol.body.PullRequest;
import io.wharf.protocol.body.PullResponse;
import io.wharf.protocol.body.PullStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A pull waiting on an empty queue is answered as soon as a message arrives, not when its suspend time ends. */
class LongPollingTest extends BrokerTestBase {
    @Test
    void heldPullIsAnsweredPromptlyAfterASend() throws Exception {
        BrokerProxy raw = rawBroker();
        Producer producer = producer();
        SendResult first = producer.send(Message.of("lp", "warm-up".getBytes(StandardCharsets.UTF_8)),
            (queues, m, arg) -> queues.getFirst(), null);
        long next = first.queueOffset() + 1;

        CompletableFuture<PullResponse> held = raw.pull(new PullRequest("lp-group", "lp", 0, next, 32, 1 << 20, "*",
            ExpressionType.TAG, 10_000), 20_000);
        Thread.sleep(300);
        assertThat(held).as("nothing to return yet: the broker holds the pull").isNotDone();

        long sentAt = System.nanoTime();
        producer.send(Message.of("lp", "wake-up".getBytes(StandardCharsets.UTF_8)),
            (queues, m, arg) -> queues.getFirst(), null);
        PullResponse answer = Futures.await(held);
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);

        assertThat(answer.pullStatus()).isEqualTo(PullStatus.FOUND);
        assertThat(answer.messages()).hasSize(1);
        assertThat(new String(answer.messages().getFirst().body(), StandardCharsets.UTF_8)).isEqualTo("wake-up");
        assertThat(latencyMs).as("answered %d ms after the send (typically well under 100 ms)", latencyMs)
            .isLessThan(1000);
    }

    @Test
    void heldPullEndsWithNoNewMessageAfterItsSuspendTime() {
        BrokerProxy raw = rawBroker();
        raw.queueCount("lp-empty", 3000).join();
        long start = System.nanoTime();
        PullResponse answer = Futures.await(raw.pull(new PullRequest("lp-group", "lp-empty", 1, 0, 32, 1 << 20, "*",
            ExpressionType.TAG, 500), 10_000));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(answer.pullStatus()).isEqualTo(PullStatus.NO_NEW_MESSAGE);
        assertThat(waitedMs).isBetween(400L, 5000L);
    }
}
