package io.wharf.store.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.store.MessageStore;
import io.wharf.store.QueueReadResult;
import io.wharf.store.StoreTestKit;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordCheck;
import io.wharf.store.format.RecordLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real appender process with SIGKILL at random moments, over and over on one data directory, and after
 * every kill reopens the store and checks that every acknowledged record is there, intact, at the index it was
 * acknowledged with, in a contiguous log of whole records, and readable through its consume queue.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrashRecoveryTest {
    private static final int KILLS = 22;
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final Pattern ACK = Pattern.compile("ACK (\\d+) (\\d+) (\\d+)");

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigkilledAppenderNeverLosesAnAcknowledgedRecord() throws Exception {
        Path data = dir.resolve("store");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<CrashRecord, Long> acked = new HashMap<>();
        long startNs = System.nanoTime();
        long recovered = 0;
        for (int run = 0; run < KILLS; run++) {
            Map<CrashRecord, Long> acks = runAndKill(data, run, random.nextLong(), 100 + random.nextInt(601));
            acked.putAll(acks);
            recovered = verify(data, acked, run, seed);
        }
        System.out.printf("crash recovery: %d SIGKILLs, %d acknowledged records, %d records recovered, %d ms, "
            + "seed %d%n", KILLS, acked.size(), recovered, (System.nanoTime() - startNs) / 1_000_000, seed);
        assertThat(acked.size()).as("acknowledged appends over all runs").isGreaterThan(KILLS * 10);
        assertThat(recovered).isGreaterThanOrEqualTo(acked.size());
    }

    /** Starts an appender, kills it {@code killAfterMs} after it is ready, and returns what it acknowledged. */
    private Map<CrashRecord, Long> runAndKill(Path data, int run, long seed, int killAfterMs) throws Exception {
        String java = ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path stderr = dir.resolve("child-" + run + ".err");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dlogback.configurationFile=crash-child-logback.xml", "-cp", System.getProperty("java.class.path"),
            CrashingAppender.class.getName(), data.toString(), Integer.toString(run), Long.toString(seed))
            .redirectError(stderr.toFile());
        child = builder.start();
        CountDownLatch ready = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        Thread reader = Thread.ofPlatform().name("child-" + run + "-stdout").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("READY")) {
                        ready.countDown();
                    } else {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                lines.add("stdout read failed: " + e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ready.await(10, TimeUnit.MILLISECONDS)) {
            assertThat(child.isAlive()).as("child %d died before it was ready:%n%s", run, tail(stderr)).isTrue();
            assertThat(System.nanoTime() - deadline).as("child %d not ready in 30 s:%n%s", run, tail(stderr))
                .isNegative();
        }
        Thread.sleep(killAfterMs); // the crash point: a random moment in the middle of the appends
        assertThat(child.isAlive()).as("child %d exited by itself:%n%s", run, tail(stderr)).isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("child %d did not die", run).isTrue();
        assertThat(child.exitValue()).as("child %d was SIGKILLed", run).isEqualTo(SIGKILL_EXIT);
        reader.join(10_000);
        assertThat(reader.isAlive()).isFalse();

        Map<CrashRecord, Long> acks = new HashMap<>();
        for (String line : lines) {
            Matcher m = ACK.matcher(line);
            if (m.matches()) {
                acks.put(new CrashRecord(run, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))),
                    Long.parseLong(m.group(1)));
            }
        }
        return acks;
    }

    /** Reopens the store after a kill, checks everything and closes it; returns how many records it holds. */
    private static long verify(Path data, Map<CrashRecord, Long> acked, int run, long seed) {
        try (MessageStore store = MessageStore.open(CrashingAppender.config(data), Clock.systemUTC())) {
            String context = "after kill " + (run + 1) + " (seed " + seed + ")";
            long end = store.endPosition().index();
            Map<CrashRecord, Long> found = new HashMap<>();
            Map<Integer, List<Long>> indexesByQueue = new HashMap<>();
            Map<String, Integer> lastSeq = new HashMap<>();
            long next = 1;
            long previousEnd = 0;
            while (next <= end) {
                List<ByteBuffer> batch = store.readEntries(next, 4 << 20);
                assertThat(batch).as("%s: index %d of %d is readable", context, next, end).isNotEmpty();
                for (ByteBuffer b : batch) {
                    assertThat(RecordLayout.check(b, 0)).as("%s: index %d", context, next).isEqualTo(RecordCheck.VALID);
                    DecodedRecord d = RecordLayout.decode(b, 0);
                    assertThat(d.logIndex()).as(context).isEqualTo(next);
                    assertThat(d.physicalOffset() == previousEnd || d.physicalOffset() % (1 << 20) == 0)
                        .as("%s: index %d at %d follows the record ending at %d", context, next, d.physicalOffset(),
                            previousEnd).isTrue();
                    previousEnd = d.physicalOffset() + b.remaining();
                    CrashRecord r = CrashRecord.parse(d.body());
                    assertThat(d.queueId()).isEqualTo(r.writer());
                    assertThat(found.put(r, next)).as("%s: %s written twice", context, r).isNull();
                    String writerRun = r.run() + "/" + r.writer();
                    assertThat(r.seq()).as("%s: %s follows the writer's previous record", context, r)
                        .isEqualTo(lastSeq.getOrDefault(writerRun, -1) + 1);
                    lastSeq.put(writerRun, r.seq());
                    indexesByQueue.computeIfAbsent(d.queueId(), q -> new ArrayList<>()).add(next);
                    next++;
                }
            }
            for (Map.Entry<CrashRecord, Long> a : acked.entrySet()) {
                assertThat(found.get(a.getKey())).as("%s: acknowledged %s", context, a.getKey())
                    .isEqualTo(a.getValue());
            }
            verifyQueues(store, indexesByQueue, context);
            acked.keySet().stream().filter(r -> r.run() == run).max((a, b) -> Long.compare(acked.get(a), acked.get(b)))
                .ifPresent(last -> assertThat(store.queryByKey(CrashRecord.TOPIC, last.key(), 0, Long.MAX_VALUE, 2))
                    .as("%s: query by key %s", context, last.key()).singleElement()
                    .satisfies(d -> assertThat(CrashRecord.parse(d.body())).isEqualTo(last)));
            return end;
        }
    }

    /** Each queue holds exactly its writer's records, in log order, at contiguous offsets from zero. */
    private static void verifyQueues(MessageStore store, Map<Integer, List<Long>> indexesByQueue, String context) {
        StoreTestKit.awaitDispatched(store, store.endPosition().index());
        for (Map.Entry<Integer, List<Long>> e : indexesByQueue.entrySet()) {
            QueueReadResult read = store.read(CrashRecord.TOPIC, e.getKey(), 0, Integer.MAX_VALUE, Integer.MAX_VALUE,
                h -> true);
            List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < read.records().size(); i++) {
                ByteBuffer b = read.records().get(i);
                assertThat(RecordLayout.check(b, 0)).as(context).isEqualTo(RecordCheck.VALID);
                assertThat(RecordLayout.queueOffset(b, 0)).as("%s: queue %d offset %d", context, e.getKey(), i)
                    .isEqualTo(i);
                indexes.add(RecordLayout.logIndex(b, 0));
            }
            assertThat(indexes).as("%s: queue %d", context, e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
