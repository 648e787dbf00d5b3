package io.wharf.store;

import io.wharf.store.common.AppendStatus;
import io.wharf.store.common.StoreFailedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import io.wharf.store.format.RecordLayout;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageStoreFailStopTest {
    private static final int SEGMENT = StoreConfig.MIN_SEGMENT_BYTES;
    private static final int BODY = 8 * 1024;

    @TempDir
    Path dir;

    private static RecordContent message(int i) {
        byte[] body = new byte[BODY];
        Arrays.fill(body, (byte) i);
        byte[] id = ("message-" + i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(id, 0, body, 0, id.length);
        return RecordContent.of("fail-stop", i % 2, Map.of(MessageProperties.KEYS, "k" + i), body);
    }

    @Test
    void segmentThatCannotBeCreatedStopsTheStoreAndTheNextOpenRecoversEveryAcknowledgedRecord() throws Exception {
        StoreConfig config = TestStores.small(dir).checkpointInterval(Duration.ofHours(1)).build();
        Path commitLog = dir.resolve("commitlog");
        Path aside = dir.resolve("commitlog.aside");
        List<AppendResult> acked = new ArrayList<>();
        MessageStore store = MessageStore.open(config, Clock.systemUTC());
        for (int i = 0; i < 20; i++) {
            acked.add(store.append(message(i)).get(10, TimeUnit.SECONDS));
        }
        store.checkpoint();

        // The open segment stays mapped and writable; creating the next one needs the directory.
        Files.move(commitLog, aside);
        Files.writeString(commitLog, "a regular file where the commit-log directory was");
        Throwable failure = null;
        while (failure == null) {
            assertThat(acked).as("the first segment must fill up").hasSizeLessThan(2 * SEGMENT / BODY);
            try {
                AppendResult r = store.append(message(acked.size())).get(10, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
                acked.add(r);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
        }
        assertThat(failure).isInstanceOf(StoreFailedException.class);
        assertThat(failure.getCause()).isInstanceOf(UncheckedIOException.class);
        assertThat(store.failed()).isTrue();
        assertThat(store.endPosition().index()).isEqualTo(acked.size());
        int refusedLength = acked.get(acked.size() - 1).length();
        assertThat(store.endPosition().offset()).isLessThanOrEqualTo(SEGMENT)
            .isGreaterThan(SEGMENT - refusedLength - RecordLayout.END_OF_SEGMENT_MIN_LENGTH);

        RecordContent tiny = RecordContent.of("fail-stop", 0, Map.of(), new byte[1]);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> store.append(tiny).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isSameAs(store.failStop().failure());
        }
        assertThatThrownBy(() -> store.appendAll(List.of(tiny, tiny)).get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(StoreFailedException.class);
        assertThatThrownBy(() -> store.appendReplicated(store.readEntries(1, 1).get(0)))
            .isInstanceOf(StoreFailedException.class);
        assertThat(store.endPosition().index()).isEqualTo(acked.size());

        store.close();
        assertThat(dir.resolve("abort")).as("a failed store leaves the abort marker").exists();

        Files.delete(commitLog);
        Files.move(aside, commitLog);
        try (MessageStore reopened = MessageStore.open(config, Clock.systemUTC())) {
            assertThat(reopened.failed()).isFalse();
            assertThat(reopened.endPosition().index()).as("records acknowledged after the checkpoint are found")
                .isEqualTo(acked.size());
            for (int i = 0; i < acked.size(); i++) {
                DecodedRecord r = reopened.readByOffset(acked.get(i).physicalOffset());
                assertThat(r).isNotNull();
                assertThat(r.logIndex()).isEqualTo(i + 1);
                assertThat(r.body()).isEqualTo(message(i).body());
            }
            StoreTestKit.awaitDispatched(reopened, acked.size());
            long[] evens = reopened.queueBounds("fail-stop", 0);
            long[] odds = reopened.queueBounds("fail-stop", 1);
            assertThat(evens[1] + odds[1]).isEqualTo(acked.size());

            AppendResult next = reopened.append(message(acked.size())).get(10, TimeUnit.SECONDS);
            assertThat(next.status()).isEqualTo(AppendStatus.PUT_OK);
            assertThat(next.logIndex()).isEqualTo(acked.size() + 1);
            assertThat(next.physicalOffset()).as("the roll succeeds now").isEqualTo(SEGMENT);
            assertThat(next.queueOffset()).isEqualTo(acked.size() % 2 == 0 ? evens[1] : odds[1]);
        }
        assertThat(dir.resolve("abort")).doesNotExist();
    }
}
