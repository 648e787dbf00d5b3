package io.wharf.store.crash;

import io.wharf.store.AppendResult;
import io.wharf.store.common.AppendStatus;
import io.wharf.store.FlushMode;
import io.wharf.store.MessageStore;
import io.wharf.store.StoreConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryTest}: opens the store, prints {@code READY <end index>}, then
 * appends from {@link #WRITERS} threads until it is killed, printing {@code ACK <log index> <writer> <seq>}
 * for each append acknowledged as durable. Each writer waits for one acknowledgement before its next append.
 *
 * <p>Arguments: the data directory, the run number and a random seed.
 */
public final class CrashingAppender {
    public static final int WRITERS = 4;

    private CrashingAppender() {
    }

    /** SYNC flush, 1 MiB segments and frequent checkpoints, so kills land in every phase. */
    public static StoreConfig config(Path dir) {
        return StoreConfig.builder(dir).commitLogSegmentBytes(StoreConfig.MIN_SEGMENT_BYTES)
            .preallocateSegments(true).consumeQueueEntriesPerSegment(1024).logIndexEntriesPerSegment(4096)
            .keyIndex(1024, 4096).flushMode(FlushMode.SYNC).checkpointInterval(Duration.ofMillis(50)).build();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int run = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        PrintStream out = System.out;
        MessageStore store = MessageStore.open(config(dir), Clock.systemUTC());
        synchronized (out) {
            out.println("READY " + store.endPosition().index());
            out.flush();
        }
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Random random = new Random(seed * 31 + run * 7L + w);
            writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> write(store, run, writer, random, out)));
        }
        for (Thread t : writers) {
            t.join();
        }
    }

    private static void write(MessageStore store, int run, int writer, Random random, PrintStream out) {
        try {
            for (int seq = 0; ; seq++) {
                AppendResult r = store.append(new CrashRecord(run, writer, seq).content(random)).get();
                if (r.status() == AppendStatus.PUT_OK) {
                    synchronized (out) {
                        out.println("ACK " + r.logIndex() + " " + writer + " " + seq);
                        out.flush();
                    }
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(3);
        }
    }
}
