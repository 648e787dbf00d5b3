package io.wharf.store;

import io.wharf.store.common.AppendStatus;
import static io.wharf.store.TestStores.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.store.format.ConsumeQueueEntryLayout;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageStoreReadTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String[] TAGS = {"TagA", "TagB", "TagC", null};

    @TempDir
    Path dir;

    private static AppendResult put(MessageStore store, RecordContent content) throws Exception {
        AppendResult r = store.append(content).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
        return r;
    }

    private static List<String> bodies(QueueReadResult r) {
        return r.decoded().stream().map(TestStores::body).toList();
    }

    @Test
    void tagFilterReturnsOnlyMatchingMessagesAndMovesPastTheOthers() throws Exception {
        try (MessageStore store = TestStores.open(dir)) {
            for (int i = 0; i < 30; i++) {
                put(store, message("orders", 0, TAGS[i % 4], null, "m" + i));
            }
            StoreTestKit.awaitDispatched(store, 30);
            long tagB = ConsumeQueueEntryLayout.tagHash("TagB");

            QueueReadResult onlyB = store.read("orders", 0, 0, 100, 1 << 20, h -> h == tagB);
            assertThat(onlyB.status()).isEqualTo(ReadStatus.FOUND);
            assertThat(bodies(onlyB)).containsExactly("m1", "m5", "m9", "m13", "m17", "m21", "m25", "m29");
            assertThat(onlyB.nextOffset()).isEqualTo(30);

            QueueReadResult firstThree = store.read("orders", 0, 0, 3, 1 << 20, h -> h == tagB);
            assertThat(bodies(firstThree)).containsExactly("m1", "m5", "m9");
            assertThat(firstThree.nextOffset()).isEqualTo(10);
            assertThat(bodies(store.read("orders", 0, 10, 3, 1 << 20, h -> h == tagB)))
                .containsExactly("m13", "m17", "m21");

            QueueReadResult untagged = store.read("orders", 0, 0, 100, 1 << 20, h -> h == 0L);
            assertThat(bodies(untagged)).containsExactly("m3", "m7", "m11", "m15", "m19", "m23", "m27");

            QueueReadResult none = store.read("orders", 0, 0, 100, 1 << 20, h -> false);
            assertThat(none.status()).isEqualTo(ReadStatus.NO_MATCHED_MESSAGE);
            assertThat(none.records()).isEmpty();
            assertThat(none.nextOffset()).isEqualTo(30);

            QueueReadResult tight = store.read("orders", 0, 4, 100, 1, h -> true);
            assertThat(bodies(tight)).as("at least one message, whatever maxBytes says").containsExactly("m4");
            assertThat(tight.nextOffset()).isEqualTo(5);

            assertThat(store.read("orders", 0, 30, 10, 1 << 20, h -> true).status())
                .isEqualTo(ReadStatus.NO_NEW_MESSAGE);
            QueueReadResult overflow = store.read("orders", 0, 31, 10, 1 << 20, h -> true);
            assertThat(overflow.status()).isEqualTo(ReadStatus.OFFSET_OVERFLOW);
            assertThat(overflow.nextOffset()).isEqualTo(30);
            assertThat(store.read("orders", 1, 0, 10, 1 << 20, h -> true).status())
                .isEqualTo(ReadStatus.NO_SUCH_QUEUE);
        }
    }

    private static RecordContent keyed(String topic, String keys, String uniqueKey, String body) {
        Map<String, String> props = new LinkedHashMap<>();
        if (keys != null) {
            props.put(MessageProperties.KEYS, keys);
        }
        if (uniqueKey != null) {
            props.put(MessageProperties.UNIQ_KEY, uniqueKey);
        }
        return RecordContent.of(topic, 0, props, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void queryByKeyFindsEachOfSeveralKeysAndTheUniqueKeyWithinTopicAndTime() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (MessageStore store = MessageStore.open(TestStores.small(dir).build(), clock)) {
            put(store, keyed("orders", "order-1 customer-9  region-eu", "UNIQ-0001", "first"));
            clock.advance(Duration.ofSeconds(10));
            put(store, keyed("payments", "order-1", "UNIQ-0002", "other topic"));
            put(store, keyed("orders", "order-10", null, "similar key"));
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                put(store, keyed("orders", "hot", "UNIQ-hot-" + i, "hot-" + i));
            }
            StoreTestKit.awaitDispatched(store, 8);

            for (String key : List.of("order-1", "customer-9", "region-eu", "UNIQ-0001")) {
                assertThat(store.queryByKey("orders", key, 0, Long.MAX_VALUE, 10)).as(key)
                    .extracting(TestStores::body).containsExactly("first");
            }
            assertThat(store.queryByKey("payments", "order-1", 0, Long.MAX_VALUE, 10))
                .extracting(TestStores::body).containsExactly("other topic");
            assertThat(store.queryByKey("orders", "order-10", 0, Long.MAX_VALUE, 10))
                .extracting(TestStores::body).containsExactly("similar key");
            assertThat(store.queryByKey("orders", "order", 0, Long.MAX_VALUE, 10)).isEmpty();
            assertThat(store.queryByKey("orders", "", 0, Long.MAX_VALUE, 10)).isEmpty();

            assertThat(store.queryByKey("orders", "order-1", T0, T0, 10)).hasSize(1);
            assertThat(store.queryByKey("orders", "order-1", T0 + 1, Long.MAX_VALUE, 10)).isEmpty();
            assertThat(store.queryByKey("orders", "order-1", 0, T0 - 1, 10)).isEmpty();

            List<DecodedRecord> hot = store.queryByKey("orders", "hot", 0, Long.MAX_VALUE, 3);
            assertThat(hot).extracting(TestStores::body).containsExactly("hot-4", "hot-3", "hot-2");
            assertThat(store.queryByKey("orders", "UNIQ-hot-3", 0, Long.MAX_VALUE, 10))
                .extracting(TestStores::body).containsExactly("hot-3");
        }
    }

    @Test
    void offsetForTimestampFindsTheFirstMessageStoredAtOrAfterIt() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (MessageStore store = MessageStore.open(TestStores.small(dir).build(), clock)) {
            for (int i = 0; i < 10; i++) {
                put(store, message("ticks", 0, null, null, "q0-" + i));
                put(store, message("ticks", 1, null, null, "q1-" + i));
                clock.advance(Duration.ofMillis(100));
            }
            StoreTestKit.awaitDispatched(store, 20);
            assertThat(store.offsetForTimestamp("ticks", 0, 0)).isZero();
            assertThat(store.offsetForTimestamp("ticks", 0, T0)).isZero();
            assertThat(store.offsetForTimestamp("ticks", 0, T0 + 1)).isEqualTo(1);
            assertThat(store.offsetForTimestamp("ticks", 0, T0 + 250)).isEqualTo(3);
            assertThat(store.offsetForTimestamp("ticks", 1, T0 + 300)).isEqualTo(3);
            assertThat(store.offsetForTimestamp("ticks", 0, T0 + 900)).isEqualTo(9);
            assertThat(store.offsetForTimestamp("ticks", 0, T0 + 901)).isEqualTo(10);
            assertThat(store.offsetForTimestamp("ticks", 7, T0)).isZero();
            QueueReadResult fromThere = store.read("ticks", 1, store.offsetForTimestamp("ticks", 1, T0 + 650), 1,
                1 << 20, h -> true);
            assertThat(bodies(fromThere)).containsExactly("q1-7");
        }
    }

    private static StoreConfig.Builder retentionConfig(Path dir) {
        return TestStores.small(dir).consumeQueueEntriesPerSegment(16).logIndexEntriesPerSegment(32)
            .retentionAge(Duration.ofHours(1)).maxDiskUsageRatio(1.0).retentionCheckInterval(Duration.ofHours(1))
            .checkpointInterval(Duration.ofHours(1));
    }

    private record Sent(AppendResult result, int queueId, String body) {
    }

    private static List<Sent> fillSegments(MessageStore store, int segments) throws Exception {
        List<Sent> sent = new ArrayList<>();
        while (store.endPosition().offset() < (long) segments * StoreConfig.MIN_SEGMENT_BYTES + 100_000) {
            int i = sent.size();
            String body = i + ":" + "x".repeat(20_000 + 37 * (i % 13));
            sent.add(new Sent(put(store, message("retained", i % 3, null, "key-" + i, body)), i % 3, body));
        }
        StoreTestKit.awaitDispatched(store, sent.size());
        return sent;
    }

    @Test
    void retentionDeletesExpiredSegmentsButNeverTheActiveOneAndQueuesFollow() throws Exception {
        ManualClock clock = new ManualClock(T0);
        StoreConfig config = retentionConfig(dir).build();
        List<Sent> sent;
        try (MessageStore store = MessageStore.open(config, clock)) {
            sent = fillSegments(store, 3);
            assertThat(store.enforceRetention()).as("nothing is old yet").isZero();
            clock.advance(Duration.ofHours(2));
            assertThat(store.enforceRetention()).isEqualTo(3);
            assertThat(commitLogSegments()).as("the active segment stays, expired or not").hasSize(1);
            assertThat(store.enforceRetention()).isZero();
            assertRetained(store, sent, 3L * StoreConfig.MIN_SEGMENT_BYTES);

            AppendResult next = put(store, message("retained", 0, null, null, "after"));
            assertThat(next.logIndex()).isEqualTo(sent.size() + 1);
            assertThat(next.queueOffset()).isEqualTo(sent.stream().filter(s -> s.queueId() == 0).count());
            sent.add(new Sent(next, 0, "after"));
            StoreTestKit.awaitDispatched(store, sent.size());
        }
        try (MessageStore reopened = MessageStore.open(config, clock)) {
            assertRetained(reopened, sent, 3L * StoreConfig.MIN_SEGMENT_BYTES);
        }
    }

    @Test
    void aCopyOfTheCommitLogPastRetentionOpensAsTheSameStoreAndContinuesItsQueues(@TempDir Path other)
        throws Exception {
        ManualClock clock = new ManualClock(T0);
        Path staged = Files.createDirectories(other.resolve("staged"));
        List<Sent> sent;
        StoreSnapshot.Manifest manifest;
        try (MessageStore store = MessageStore.open(retentionConfig(dir).build(), clock)) {
            sent = fillSegments(store, 3);
            clock.advance(Duration.ofHours(2));
            assertThat(store.enforceRetention()).isEqualTo(3);
            manifest = store.snapshotManifest(sent.size());
            assertThat(manifest.firstIndex()).isEqualTo(store.firstIndex()).isGreaterThan(1);
            assertThat(manifest.lastTerm()).isEqualTo(store.termAt(sent.size()));
            assertThat(manifest.segments()).hasSize(1);
            for (StoreSnapshot.Segment s : manifest.segments()) {
                copy(store, s, staged.resolve(s.name()));
            }
            // The source goes on after the copy point; the copy ends there.
            put(store, message("retained", 0, null, null, "after the copy"));
        }
        Path copied = other.resolve("store");
        StoreSnapshot.install(copied, staged);
        // A replicated member opens the copy with nothing committed yet: its records become visible as the
        // group's commit index reaches them.
        try (MessageStore copy = MessageStore.open(retentionConfig(copied).commitPolicy(CommitPolicy.EXTERNAL)
            .build(), clock)) {
            assertThat(copy.commitWatermark()).isZero();
            copy.advanceCommitWatermark(manifest.lastIndex());
            StoreTestKit.awaitDispatched(copy, manifest.lastIndex());
            assertThat(copy.firstIndex()).isEqualTo(manifest.firstIndex());
            assertThat(copy.endPosition().index()).isEqualTo(manifest.lastIndex());
            assertRetained(copy, sent, 3L * StoreConfig.MIN_SEGMENT_BYTES);
            AppendResult next = put(copy, message("retained", 0, null, null, "on the copy"));
            assertThat(next.logIndex()).isEqualTo(manifest.lastIndex() + 1);
            assertThat(next.queueOffset()).isEqualTo(sent.stream().filter(s -> s.queueId() == 0).count());
        }
    }

    private static void copy(MessageStore store, StoreSnapshot.Segment segment, Path to) throws Exception {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(to,
            java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            long at = 0;
            while (at < segment.length()) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), segment.length() - at));
                int n = store.readSnapshotSegment(segment.name(), at, chunk);
                assertThat(n).as("segment %s ends early at %d", segment.name(), at).isPositive();
                out.write(chunk.flip());
                at += n;
            }
        }
    }

    @Test
    void retentionNeverDeletesWhatIsNotDispatchedYet() throws Exception {
        ManualClock clock = new ManualClock(T0);
        StoreConfig config = retentionConfig(dir).commitPolicy(CommitPolicy.EXTERNAL).build();
        try (MessageStore store = MessageStore.open(config, clock)) {
            List<Sent> sent = new ArrayList<>();
            while (store.endPosition().offset() < 3L * StoreConfig.MIN_SEGMENT_BYTES + 100_000) {
                int i = sent.size();
                String body = i + ":" + "y".repeat(30_000);
                sent.add(new Sent(put(store, message("retained", i % 3, null, "key-" + i, body)), i % 3, body));
            }
            clock.advance(Duration.ofHours(2));
            assertThat(store.enforceRetention()).as("nothing is dispatched").isZero();

            long inSecondSegment = sent.stream().filter(s -> s.result().physicalOffset() > 1_500_000).findFirst()
                .orElseThrow().result().logIndex();
            store.advanceCommitWatermark(inSecondSegment);
            StoreTestKit.awaitDispatched(store, inSecondSegment);
            assertThat(store.enforceRetention()).as("only the segment wholly dispatched").isEqualTo(1);
            assertThat(commitLogSegments()).hasSize(3);

            store.advanceCommitWatermark(Long.MAX_VALUE);
            assertThat(store.commitWatermark()).isEqualTo(sent.size());
            StoreTestKit.awaitDispatched(store, sent.size());
            assertThat(store.enforceRetention()).isEqualTo(2);
            assertRetained(store, sent, 3L * StoreConfig.MIN_SEGMENT_BYTES);
        }
    }

    private List<Path> commitLogSegments() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("commitlog"))) {
            return files.toList();
        }
    }

    /** Every queue reads exactly its records at or past {@code logStart}; below its min offset, nothing. */
    private static void assertRetained(MessageStore store, List<Sent> sent, long logStart) {
        for (int q = 0; q < 3; q++) {
            int queueId = q;
            List<Sent> queue = sent.stream().filter(s -> s.queueId() == queueId).toList();
            List<Sent> live = queue.stream().filter(s -> s.result().physicalOffset() >= logStart).toList();
            long firstLive = live.get(0).result().queueOffset();
            long[] bounds = store.queueBounds("retained", q);
            assertThat(bounds[0]).as("queue %d min offset moved up", q).isPositive().isLessThanOrEqualTo(firstLive)
                .isGreaterThan(firstLive - 16);
            assertThat(bounds[1]).isEqualTo(queue.size());

            QueueReadResult below = store.read("retained", q, bounds[0] - 1, 10, 1 << 20, h -> true);
            assertThat(below.status()).isEqualTo(ReadStatus.OFFSET_TOO_SMALL);
            assertThat(below.nextOffset()).isEqualTo(bounds[0]);

            QueueReadResult all = store.read("retained", q, bounds[0], 1000, Integer.MAX_VALUE, h -> true);
            assertThat(bodies(all)).containsExactlyElementsOf(live.stream().map(Sent::body).toList());
            assertThat(all.nextOffset()).isEqualTo(queue.size());
            assertThat(store.offsetForTimestamp("retained", q, 0)).isBetween(bounds[0], firstLive);
        }
        Sent gone = sent.get(0);
        assertThat(store.readByOffset(gone.result().physicalOffset())).isNull();
        assertThat(store.queryByKey("retained", "key-0", 0, Long.MAX_VALUE, 10)).isEmpty();
        Sent kept = sent.stream().filter(s -> s.result().physicalOffset() >= logStart).findFirst().orElseThrow();
        int keptIndex = sent.indexOf(kept);
        assertThat(store.queryByKey("retained", "key-" + keptIndex, 0, Long.MAX_VALUE, 10))
            .extracting(TestStores::body).containsExactly(kept.body());
        assertThat(store.readEntries(kept.result().logIndex(), 1)).hasSize(1);
    }

    @Test
    void asyncFlushAcknowledgesAtOnceAndBecomesDurableInTheBackground() throws Exception {
        StoreConfig config = TestStores.small(dir).flushMode(FlushMode.ASYNC)
            .asyncFlushInterval(Duration.ofMillis(20)).build();
        try (MessageStore store = MessageStore.open(config, Clock.systemUTC())) {
            for (int i = 0; i < 200; i++) {
                put(store, message("async", i % 2, "TagA", "k" + i, "a" + i));
            }
            assertThat(store.flushCount()).isZero();
            StoreTestKit.await("the periodic flush", () -> store.durablePosition().index() == 200,
                Duration.ofSeconds(10));
            assertThat(store.durablePosition()).isEqualTo(store.endPosition());
            StoreTestKit.awaitDispatched(store, 200);
            assertThat(store.read("async", 1, 0, 1000, 1 << 24, h -> true).decoded()).hasSize(100);
        }
        try (MessageStore store = MessageStore.open(config, Clock.systemUTC())) {
            assertThat(store.endPosition().index()).isEqualTo(200);
            assertThat(bodies(store.read("async", 0, 0, 1000, 1 << 24, h -> true))).hasSize(100).startsWith("a0", "a2");
            assertThat(store.queryByKey("async", "k199", 0, Long.MAX_VALUE, 1)).extracting(TestStores::body)
                .containsExactly("a199");
        }
    }

    @Test
    void externalCommitKeepsRecordsInvisibleUntilCommittedAndTruncationRollsQueueOffsetsBack() throws Exception {
        StoreConfig config = TestStores.small(dir).commitPolicy(CommitPolicy.EXTERNAL).build();
        try (MessageStore store = MessageStore.open(config, Clock.systemUTC())) {
            for (int i = 1; i <= 8; i++) {
                AppendResult r = put(store, message("raft", i % 2, null, null, "e" + i));
                assertThat(r.logIndex()).isEqualTo(i);
            }
            assertThat(store.commitWatermark()).isZero();
            assertThat(store.read("raft", 0, 0, 100, 1 << 20, h -> true).status()).isEqualTo(ReadStatus.NO_SUCH_QUEUE);
            assertThat(store.dispatchedPosition().index()).isZero();

            store.advanceCommitWatermark(3);
            StoreTestKit.awaitDispatched(store, 3);
            assertThat(bodies(store.read("raft", 1, 0, 100, 1 << 20, h -> true))).containsExactly("e1", "e3");
            assertThat(bodies(store.read("raft", 0, 0, 100, 1 << 20, h -> true))).containsExactly("e2");
            assertThat(store.dispatchedPosition().index()).isEqualTo(3);

            assertThatThrownBy(() -> store.truncateAfter(2)).isInstanceOf(IllegalArgumentException.class);
            store.truncateAfter(4);
            assertThat(store.endPosition().index()).isEqualTo(4);
            AppendResult replaced = put(store, message("raft", 1, null, null, "e5'"));
            assertThat(replaced.logIndex()).isEqualTo(5);
            assertThat(replaced.queueOffset()).as("e5 and e7 were cut from queue 1").isEqualTo(2);
            AppendResult even = put(store, message("raft", 0, null, null, "e6'"));
            assertThat(even.queueOffset()).as("e4 stays, e6 and e8 were cut").isEqualTo(2);

            store.advanceCommitWatermark(100);
            assertThat(store.commitWatermark()).isEqualTo(6);
            StoreTestKit.awaitDispatched(store, 6);
            assertThat(bodies(store.read("raft", 1, 0, 100, 1 << 20, h -> true))).containsExactly("e1", "e3", "e5'");
            assertThat(bodies(store.read("raft", 0, 0, 100, 1 << 20, h -> true))).containsExactly("e2", "e4", "e6'");

            put(store, message("raft", 0, null, null, "uncommitted"));
        }
        try (MessageStore store = MessageStore.open(config, Clock.systemUTC())) {
            assertThat(store.commitWatermark()).isEqualTo(6);
            assertThat(store.endPosition().index()).isEqualTo(7);
            assertThat(store.queueBounds("raft", 0)).containsExactly(0, 3);
            AppendResult after = put(store, message("raft", 0, null, null, "later"));
            assertThat(after.queueOffset()).as("past the uncommitted record").isEqualTo(4);
            store.advanceCommitWatermark(8);
            StoreTestKit.awaitDispatched(store, 8);
            assertThat(bodies(store.read("raft", 0, 0, 100, 1 << 20, h -> true)))
                .containsExactly("e2", "e4", "e6'", "uncommitted", "later");
        }
    }

    @Test
    void truncatingBackToTheLastRecordOfASegmentAfterAReopenKeepsDispatching() throws Exception {
        StoreConfig config = TestStores.small(dir).commitPolicy(CommitPolicy.EXTERNAL).build();
        String big = "x".repeat(600_000);
        try (MessageStore store = MessageStore.open(config, Clock.systemUTC())) {
            put(store, message("raft", 0, null, null, "a" + big));
            AppendResult rolled = put(store, message("raft", 0, null, null, "b" + big));
            assertThat(rolled.physicalOffset()).isEqualTo(StoreConfig.MIN_SEGMENT_BYTES);
            store.advanceCommitWatermark(1);
            StoreTestKit.awaitDispatched(store, 1);
        }
        try (MessageStore store = MessageStore.open(config, Clock.systemUTC())) {
            long endOfFirst = store.readEntries(1, 1).get(0).remaining();
            assertThat(store.dispatchedPosition().offset()).as("just past the dispatched record").isEqualTo(endOfFirst);
            store.truncateAfter(1);
            AppendResult replaced = put(store, message("raft", 0, null, null, "c"));
            assertThat(replaced.physicalOffset()).isEqualTo(endOfFirst);
            store.advanceCommitWatermark(2);
            StoreTestKit.awaitDispatched(store, 2);
            assertThat(bodies(store.read("raft", 0, 0, 10, Integer.MAX_VALUE, h -> true)))
                .containsExactly("a" + big, "c");
        }
    }

    @Test
    void commitWatermarkBelongsToTheStoreUnderLocalPolicy() {
        try (MessageStore store = TestStores.open(dir)) {
            assertThatThrownBy(() -> store.advanceCommitWatermark(1)).isInstanceOf(IllegalStateException.class);
        }
    }
}
