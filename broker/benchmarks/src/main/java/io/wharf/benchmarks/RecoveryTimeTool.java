package io.wharf.benchmarks;

import io.wharf.store.FlushMode;
import io.wharf.store.MessageStore;
import io.wharf.store.StoreConfig;
import io.wharf.store.format.RecordContent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long a store takes to open: after a clean shutdown (trusts the checkpoint, scans nothing), after a
 * SIGKILL (scans from the last checkpoint), and with the checkpoint gone (scans and rebuilds everything), for a
 * log of a given size. A child JVM fills the log and is killed; the parent measures the opens.
 *
 * <pre>java -cp wharf-broker-benchmarks.jar io.wharf.benchmarks.RecoveryTimeTool --gib 2 [--dir /tmp]</pre>
 */
public final class RecoveryTimeTool {
    private static final int QUEUES = 8;

    private RecoveryTimeTool() {
    }

    public static void main(String[] args) throws Exception {
        double gib = 1;
        Path root = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--gib" -> gib = Double.parseDouble(args[i + 1]);
                case "--dir" -> root = Path.of(args[i + 1]);
                case "--child" -> {
                    fill(Path.of(args[i + 1]), Double.parseDouble(args[i + 3]));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory(root, "wharf-recovery-time-");
        try {
            run(dir, gib);
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private static void run(Path dir, double gib) throws Exception {
        System.out.printf("Filling %.1f GiB of 1 KiB records in a child JVM (ASYNC flush, %d queues)...%n", gib,
            QUEUES);
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
            System.getProperty("java.class.path"), RecoveryTimeTool.class.getName(), "--child", dir.toString(),
            "--gib", Double.toString(gib)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            System.out.println("  child: " + line);
            if (line.startsWith("FILLED")) {
                break;
            }
        }
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
        System.out.println("Child killed with SIGKILL (exit " + child.exitValue() + ").");
        StoreConfig config = config(dir);
        long records = time("open after SIGKILL (scan since the last checkpoint)", config);
        time("open after a clean shutdown (no scan)", config);
        Files.delete(dir.resolve("checkpoint"));
        Files.writeString(dir.resolve("abort"), "simulated crash\n");
        time("open with no checkpoint (full scan and rebuild)", config);
        System.out.printf("%,d records in the log.%n", records);
    }

    private static long time(String what, StoreConfig config) {
        long start = System.nanoTime();
        MessageStore store = MessageStore.open(config, InstantSource.system());
        long openMs = (System.nanoTime() - start) / 1_000_000;
        long records = store.endPosition().index();
        store.close();
        System.out.printf("  %-52s %,7d ms%n", what, openMs);
        return records;
    }

    private static StoreConfig config(Path dir) {
        return StoreConfig.builder(dir).flushMode(FlushMode.ASYNC).build();
    }

    private static void fill(Path dir, double gib) throws Exception {
        long target = (long) (gib * (1L << 30));
        MessageStore store = MessageStore.open(config(dir), InstantSource.system());
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long n = 0;
        long reportEvery = 256L << 20;
        long nextReport = reportEvery;
        while (store.endPosition().offset() < target) {
            RecordContent c = BenchmarkRecords.content((int) (n % QUEUES), BenchmarkRecords.BODY_BYTES,
                Long.toString(n));
            pending.add(store.append(c));
            n++;
            if (pending.size() == 1024) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
            if (store.endPosition().offset() >= nextReport) {
                System.out.printf("%,d MiB written%n", store.endPosition().offset() >> 20);
                nextReport += reportEvery;
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        store.flush();
        Thread.sleep(1500);
        System.out.println("FILLED " + n);
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
    }
}
