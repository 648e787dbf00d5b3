package io.wharf.store;

import io.wharf.store.common.AppendStatus;
import static io.wharf.store.TestStores.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.store.format.DecodedRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageStoreTest {
    @TempDir
    Path dir;

    @Test
    void appendedMessagesAreReadBackInQueueOrder() throws Exception {
        try (MessageStore store = TestStores.open(dir)) {
            for (int i = 0; i < 10; i++) {
                AppendResult r = store.append(message("orders", i % 2, "TagA", "order-" + i, "body-" + i)).get();
                assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
                assertThat(r.logIndex()).isEqualTo(i + 1);
                assertThat(r.queueOffset()).isEqualTo(i / 2);
            }
            awaitDispatched(store, 10);
            QueueReadResult q0 = store.read("orders", 0, 0, 100, 1 << 20, h -> true);
            assertThat(q0.status()).isEqualTo(ReadStatus.FOUND);
            assertThat(q0.decoded()).extracting(TestStores::body)
                .containsExactly("body-0", "body-2", "body-4", "body-6", "body-8");
            assertThat(q0.nextOffset()).isEqualTo(5);
            assertThat(store.read("orders", 0, 5, 100, 1 << 20, h -> true).status())
                .isEqualTo(ReadStatus.NO_NEW_MESSAGE);
        }
    }

    @Test
    void reopenAfterCleanCloseKeepsEverything() throws Exception {
        try (MessageStore store = TestStores.open(dir)) {
            for (int i = 0; i < 100; i++) {
                store.append(message("t", 0, null, "k" + i, "m" + i)).get();
            }
        }
        try (MessageStore store = TestStores.open(dir)) {
            assertThat(store.endPosition().index()).isEqualTo(100);
            assertThat(store.read("t", 0, 0, 1000, 1 << 24, h -> true).decoded()).hasSize(100);
            AppendResult next = store.append(message("t", 0, null, null, "after")).get();
            assertThat(next.logIndex()).isEqualTo(101);
            assertThat(next.queueOffset()).isEqualTo(100);
            List<DecodedRecord> byKey = store.queryByKey("t", "k42", 0, Long.MAX_VALUE, 10);
            assertThat(byKey).extracting(TestStores::body).containsExactly("m42");
        }
    }

    static void awaitDispatched(MessageStore store, long index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.dispatchedPosition().index() < index) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("dispatch stuck at " + store.dispatchedPosition());
            }
            Thread.sleep(1);
        }
    }
}
