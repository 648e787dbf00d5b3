package io.wharf.store;

import io.wharf.store.common.AppendStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import io.wharf.store.format.RecordLayout;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages the files of a store that was not closed cleanly and checks that recovery keeps every intact record,
 * byte for byte, and nothing after the damage. The crash is simulated by copying the data directory while the
 * store is open and idle: the copy holds what the page cache held, abort marker included.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreCorruptionTest {
    private static final int SEGMENT = StoreConfig.MIN_SEGMENT_BYTES;
    private static final List<Queue> QUEUES = List.of(new Queue("orders", 0), new Queue("orders", 1),
        new Queue("%RETRY%group", 0));

    @TempDir
    Path root;

    private record Queue(String topic, int queueId) {
    }

    /** One appended record: where it landed, what was sent and its bytes as stored. */
    private record Sent(AppendResult at, Queue queue, int number, String body, byte[] stored) {
        long end() {
            return at.physicalOffset() + at.length();
        }
    }

    /** A crashed store: its copied directory, every record in it and where the last checkpoint stands. */
    private record Crash(Path dir, List<Sent> records, long checkpointOffset) {
    }

    private static StoreConfig config(Path dir) {
        return TestStores.small(dir).checkpointInterval(Duration.ofHours(1)).retentionCheckInterval(Duration.ofHours(1))
            .build();
    }

    private static RecordContent content(Queue q, int number, String body) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageProperties.TAGS, "tag" + number % 3);
        props.put(MessageProperties.KEYS, "key-" + number + " shared-" + number % 5);
        props.put(MessageProperties.UNIQ_KEY, "uniq-" + number);
        return new RecordContent(q.topic(), q.queueId(), 0, 1_700_000_000_000L + number, "10.0.0.1:7000", 0, 0L,
            props, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Sent> append(MessageStore store, int from, int count, Random random) throws Exception {
        List<Sent> sent = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            Queue q = QUEUES.get(n % QUEUES.size());
            String body = "record-" + n + ":" + "z".repeat(random.nextInt(6_000));
            AppendResult r = store.append(content(q, n, body)).get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
            sent.add(new Sent(r, q, n, body, null));
        }
        return sent;
    }

    /** Appends, checkpoints, appends into a third segment, then copies the open store as a crash leaves it. */
    private Crash crashAfterAppends() throws Exception {
        Path live = root.resolve("live");
        Path crashed = root.resolve("crashed");
        Random random = new Random(42);
        List<Sent> sent = new ArrayList<>();
        long checkpointOffset;
        try (MessageStore store = MessageStore.open(config(live), Clock.systemUTC())) {
            sent.addAll(append(store, 0, 150, random));
            StoreTestKit.awaitDispatched(store, sent.size());
            store.checkpoint();
            checkpointOffset = store.endPosition().offset();
            while (store.endPosition().offset() < 2L * SEGMENT + 300_000) {
                sent.addAll(append(store, sent.size(), 50, random));
            }
            StoreTestKit.awaitDispatched(store, sent.size());
            List<byte[]> stored = StoreTestKit.recordsFrom(store, 1);
            assertThat(stored).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                Sent s = sent.get(i);
                sent.set(i, new Sent(s.at(), s.queue(), s.number(), s.body(), stored.get(i)));
            }
            StoreTestKit.copyTree(live, crashed);
        }
        assertThat(crashed.resolve("abort")).exists();
        return new Crash(crashed, sent, checkpointOffset);
    }

    private static List<Sent> endingBy(List<Sent> records, long offset) {
        return records.stream().filter(s -> s.end() <= offset).toList();
    }

    private static Path segmentFile(Path dir, long offset) {
        return dir.resolve("commitlog").resolve(String.format("%020d", offset - offset % SEGMENT));
    }

    private static void overwrite(Path dir, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(segmentFile(dir, offset), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset % SEGMENT);
        }
    }

    @Test
    void garbageAfterTheLastRecordIsIgnoredAndOverwritten() throws Exception {
        Crash crash = crashAfterAppends();
        long end = crash.records().get(crash.records().size() - 1).end();
        byte[] garbage = new byte[5_000];
        new Random(1).nextBytes(garbage);
        overwrite(crash.dir(), end, garbage);
        assertRecovered(crash, crash.records());
    }

    @Test
    void garbageOverTheLastRecordsCutsTheLogBeforeThem() throws Exception {
        Crash crash = crashAfterAppends();
        Sent hit = crash.records().get(crash.records().size() - 6);
        long damage = hit.at().physicalOffset() + 37;
        byte[] garbage = new byte[20_000];
        new Random(2).nextBytes(garbage);
        overwrite(crash.dir(), damage, garbage);
        List<Sent> survivors = endingBy(crash.records(), damage);
        assertThat(survivors).hasSize(crash.records().size() - 6);
        assertRecovered(crash, survivors);
    }

    @Test
    void lastSegmentCutShortMidRecordLosesOnlyTheCutRecords() throws Exception {
        Crash crash = crashAfterAppends();
        Sent hit = crash.records().get(crash.records().size() - 3);
        long cut = hit.at().physicalOffset() + hit.at().length() / 2;
        try (RandomAccessFile f = new RandomAccessFile(segmentFile(crash.dir(), cut).toFile(), "rw")) {
            f.setLength(cut % SEGMENT);
        }
        assertRecovered(crash, endingBy(crash.records(), cut));
    }

    @Test
    void pageOfZeroesAfterTheCheckpointCutsTheLogThere() throws Exception {
        Crash crash = crashAfterAppends();
        long page = SEGMENT + 256 * 1024;
        assertThat(page).isGreaterThan(crash.checkpointOffset());
        Sent hit = crash.records().stream().filter(s -> s.end() > page).findFirst().orElseThrow();
        assertThat(hit.at().physicalOffset()).as("the page lies among records").isLessThan(page + 4096);
        overwrite(crash.dir(), page, new byte[4096]);
        List<Sent> survivors = endingBy(crash.records(), page);
        assertThat(survivors.size()).isLessThan(crash.records().size() - 100);
        assertRecovered(crash, survivors);
    }

    @Test
    void checkpointDeletedMeansAFullScanThatFindsDamageAnywhere() throws Exception {
        Crash crash = crashAfterAppends();
        Files.delete(crash.dir().resolve("checkpoint"));
        long page = 64 * 1024;
        assertThat(page).isLessThan(crash.checkpointOffset());
        overwrite(crash.dir(), page, new byte[4096]);
        assertRecovered(crash, endingBy(crash.records(), page));
    }

    @Test
    void checkpointDeletedKeepsEverything() throws Exception {
        Crash crash = crashAfterAppends();
        Files.delete(crash.dir().resolve("checkpoint"));
        assertRecovered(crash, crash.records());
    }

    @Test
    void consumeQueueDeletedIsRebuilt() throws Exception {
        Crash crash = crashAfterAppends();
        StoreTestKit.deleteTree(crash.dir().resolve("consumequeue").resolve("orders").resolve("1"));
        assertRecovered(crash, crash.records());
    }

    @Test
    void consumeQueueDeletedAfterACleanCloseIsRebuiltFromTheCheckpointQueueTable() throws Exception {
        Crash crash = crashAfterAppends();
        try (MessageStore store = MessageStore.open(config(crash.dir()), Clock.systemUTC())) {
            StoreTestKit.awaitDispatched(store, crash.records().size());
        }
        assertThat(crash.dir().resolve("abort")).doesNotExist();
        StoreTestKit.deleteTree(crash.dir().resolve("consumequeue").resolve("%25RETRY%25group"));
        StoreTestKit.deleteTree(crash.dir().resolve("consumequeue").resolve("orders").resolve("0"));
        assertRecovered(crash, crash.records());
    }

    @Test
    void keyIndexDeletedIsRebuilt() throws Exception {
        Crash crash = crashAfterAppends();
        StoreTestKit.deleteTree(crash.dir().resolve("index"));
        assertRecovered(crash, crash.records());
    }

    @Test
    void logIndexDeletedIsRebuilt() throws Exception {
        Crash crash = crashAfterAppends();
        StoreTestKit.deleteTree(crash.dir().resolve("logindex"));
        assertRecovered(crash, crash.records());
    }

    @Test
    void logIndexDeletedAfterACleanCloseIsRebuilt() throws Exception {
        Crash crash = crashAfterAppends();
        MessageStore.open(config(crash.dir()), Clock.systemUTC()).close();
        StoreTestKit.deleteTree(crash.dir().resolve("logindex"));
        assertRecovered(crash, crash.records());
    }

    @Test
    void queueEmptiedByRecoveryKeepsItsOffsetsAcrossASecondCrash() throws Exception {
        Path dir = root.resolve("external");
        StoreConfig config = TestStores.small(dir).commitPolicy(CommitPolicy.EXTERNAL)
            .checkpointInterval(Duration.ofHours(1)).retentionCheckInterval(Duration.ofHours(1)).build();
        MessageStore store = MessageStore.open(config, Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            assertThat(store.append(content(QUEUES.get(0), i, "e" + i)).get(10, TimeUnit.SECONDS).queueOffset())
                .isEqualTo(i);
        }
        store.advanceCommitWatermark(1);
        StoreTestKit.awaitDispatched(store, 1);
        StoreTestKit.crash(store, dir);

        // No checkpoint was ever written: recovery un-commits index 1 and empties its queue.
        store = MessageStore.open(config, Clock.systemUTC());
        assertThat(store.commitWatermark()).isZero();
        assertThat(store.queueBounds("orders", 0)[1]).isZero();
        StoreTestKit.crash(store, dir);

        try (MessageStore reopened = MessageStore.open(config, Clock.systemUTC())) {
            assertThat(reopened.queueBounds("orders", 0)[1]).isZero();
            AppendResult next = reopened.append(content(QUEUES.get(0), 3, "e3")).get(10, TimeUnit.SECONDS);
            assertThat(next.logIndex()).isEqualTo(4);
            assertThat(next.queueOffset()).as("the queue continues without a gap").isEqualTo(3);
            reopened.advanceCommitWatermark(4);
            StoreTestKit.awaitDispatched(reopened, 4);
            assertThat(reopened.read("orders", 0, 0, 10, Integer.MAX_VALUE, h -> true).decoded())
                .extracting(r -> new String(r.body(), StandardCharsets.UTF_8)).containsExactly("e0", "e1", "e2", "e3");
        }
    }

    @Test
    void truncationBelowTheLastCheckpointThenACrashKeepsTheRecordsAppendedSince() throws Exception {
        Path dir = root.resolve("follower");
        StoreConfig config = TestStores.small(dir).commitPolicy(CommitPolicy.EXTERNAL)
            .checkpointInterval(Duration.ofHours(1)).retentionCheckInterval(Duration.ofHours(1)).build();
        MessageStore store = MessageStore.open(config, Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            store.append(content(QUEUES.get(0), i, "old-" + i + "-" + "o".repeat(500))).get(10, TimeUnit.SECONDS);
        }
        store.checkpoint();
        store.truncateAfter(1);
        List<byte[]> kept = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            store.append(content(QUEUES.get(0), i, "new-" + i)).get(10, TimeUnit.SECONDS);
        }
        kept.addAll(StoreTestKit.recordsFrom(store, 1));
        assertThat(kept).hasSize(4);
        StoreTestKit.crash(store, dir);

        try (MessageStore reopened = MessageStore.open(config, Clock.systemUTC())) {
            assertThat(reopened.endPosition().index()).isEqualTo(4);
            List<byte[]> records = StoreTestKit.recordsFrom(reopened, 1);
            for (int i = 0; i < kept.size(); i++) {
                assertThat(records.get(i)).as("record %d", i + 1).isEqualTo(kept.get(i));
            }
            assertThat(reopened.durablePosition()).isEqualTo(reopened.endPosition());
        }
    }

    /**
     * Opens the damaged store and checks it holds exactly {@code survivors}, byte for byte, in the log, the
     * queues and the key index; then that appending continues the log and every queue without a gap.
     */
    private static void assertRecovered(Crash crash, List<Sent> survivors) throws Exception {
        List<Sent> lost = crash.records().subList(survivors.size(), crash.records().size());
        try (MessageStore store = MessageStore.open(config(crash.dir()), Clock.systemUTC())) {
            assertThat(store.endPosition().index()).isEqualTo(survivors.size());
            List<byte[]> records = StoreTestKit.recordsFrom(store, 1);
            assertThat(records).hasSameSizeAs(survivors);
            for (int i = 0; i < survivors.size(); i++) {
                assertThat(records.get(i)).as("record %d", i + 1).isEqualTo(survivors.get(i).stored());
            }
            assertThat(store.readEntries(survivors.size() + 1, Integer.MAX_VALUE)).isEmpty();
            for (Sent gone : lost) {
                assertThat(store.readByOffset(gone.at().physicalOffset())).as("lost %d", gone.number()).isNull();
            }
            StoreTestKit.awaitDispatched(store, survivors.size());
            for (Queue q : QUEUES) {
                List<Sent> inQueue = survivors.stream().filter(s -> s.queue().equals(q)).toList();
                assertThat(store.queueBounds(q.topic(), q.queueId())).containsExactly(0, inQueue.size());
                QueueReadResult read = store.read(q.topic(), q.queueId(), 0, 10_000, Integer.MAX_VALUE, h -> true);
                assertThat(read.records()).hasSameSizeAs(inQueue);
                for (int i = 0; i < inQueue.size(); i++) {
                    assertThat(StoreTestKit.bytes(read.records().get(i))).isEqualTo(inQueue.get(i).stored());
                }
            }
            for (int i = 0; i < survivors.size(); i += 7) {
                assertFoundByKeys(store, survivors.get(i));
            }
            assertFoundByKeys(store, survivors.get(survivors.size() - 1));
            for (Sent gone : lost) {
                assertThat(store.queryByKey(gone.queue().topic(), "key-" + gone.number(), 0, Long.MAX_VALUE, 5))
                    .isEmpty();
            }
            assertAppendsContinue(store, survivors);
        }
        try (MessageStore reopened = MessageStore.open(config(crash.dir()), Clock.systemUTC())) {
            assertThat(reopened.endPosition().index()).isEqualTo(survivors.size() + QUEUES.size());
            assertThat(reopened.readEntries(1, 1).get(0)).isEqualTo(ByteBuffer.wrap(survivors.get(0).stored()));
        }
    }

    private static void assertFoundByKeys(MessageStore store, Sent s) {
        for (String key : List.of("key-" + s.number(), "uniq-" + s.number())) {
            List<DecodedRecord> found = store.queryByKey(s.queue().topic(), key, 0, Long.MAX_VALUE, 5);
            assertThat(found).as("query by %s", key).singleElement()
                .satisfies(r -> assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(s.body()));
        }
    }

    private static void assertAppendsContinue(MessageStore store, List<Sent> survivors) throws Exception {
        long end = survivors.get(survivors.size() - 1).end();
        for (int i = 0; i < QUEUES.size(); i++) {
            Queue q = QUEUES.get(i);
            int number = 1_000_000 + i;
            AppendResult r = store.append(content(q, number, "after-" + i)).get(10, TimeUnit.SECONDS);
            assertThat(r.logIndex()).isEqualTo(survivors.size() + 1 + i);
            long remaining = SEGMENT - end % SEGMENT;
            boolean fits = r.length() == remaining || r.length() + RecordLayout.END_OF_SEGMENT_MIN_LENGTH <= remaining;
            assertThat(r.physicalOffset()).isEqualTo(fits ? end : end + remaining);
            end = r.physicalOffset() + r.length();
            long before = survivors.stream().filter(s -> s.queue().equals(q)).count();
            assertThat(r.queueOffset()).as("queue %s continues", q).isEqualTo(before);
        }
        StoreTestKit.awaitDispatched(store, survivors.size() + QUEUES.size());
        for (Queue q : QUEUES) {
            QueueReadResult read = store.read(q.topic(), q.queueId(), 0, 10_000, Integer.MAX_VALUE, h -> true);
            List<DecodedRecord> decoded = read.decoded();
            for (int i = 0; i < decoded.size(); i++) {
                assertThat(decoded.get(i).queueOffset()).isEqualTo(i);
            }
            assertThat(new String(decoded.get(decoded.size() - 1).body(), StandardCharsets.UTF_8)).startsWith("after-");
        }
    }
}
