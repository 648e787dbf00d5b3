package io.wharf.client.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.WharfClientException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection whose connect fails while another thread asks whether it is dead: the question must be answered,
 * never thrown (it once was, inside a retry timer task, and the call it belonged to never completed).
 */
@Timeout(60)
class BrokerConnectionStateTest {
    @Test
    void askingWhetherAConnectionIsDeadWhileItsConnectFailsNeverThrows() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        for (int i = 0; i < 5_000 && thrown.get() == null; i++) {
            BrokerConnection c = new BrokerConnection("127.0.0.1:1");
            CountDownLatch go = new CountDownLatch(1);
            Thread asker = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int k = 0; k < 200; k++) {
                        c.isDead();
                    }
                } catch (RuntimeException | InterruptedException e) {
                    thrown.set(e);
                }
            });
            go.countDown();
            c.ready().completeExceptionally(WharfClientException.notConnected("refused", null));
            asker.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(c.isDead()).isTrue();
        }
        assertThat(thrown.get()).isNull();
    }
}
