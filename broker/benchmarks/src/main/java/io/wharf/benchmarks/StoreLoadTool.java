package io.wharf.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures SYNC appends against the disk's raw limit. For each writer count it opens a fresh store (preallocated
 * segments, as in production), lets that many threads append 1 KiB records and wait for each to be durable,
 * and then, in the same data directory, runs {@link RawForceLoop} forcing as many records at a time as the
 * store's group commit did (each {@link RawVariant} asked for, the plain mmap loop first). Prints progress while
 * it runs and Markdown tables at the end.
 *
 * <pre>java -cp wharf-broker-benchmarks.jar io.wharf.benchmarks.StoreLoadTool --writers 1,16,64,256 --duration 5s
 * </pre>
 */
public final class StoreLoadTool {
    private StoreLoadTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        List<StepResult> steps = run(options, System.out);
        System.out.println();
        System.out.print(LoadReport.table(steps));
        if (options.rawVariants().size() > 1) {
            System.out.println();
            System.out.print(LoadReport.variantTable(steps, options.rawVariants()));
        }
        System.out.println();
        System.out.println(LoadReport.verdict(steps));
    }

    /** Runs every step; each gets a fresh directory under a temporary root that is deleted at the end. */
    public static List<StepResult> run(LoadOptions options, PrintStream progress)
        throws IOException, InterruptedException {
        Path root = Files.createTempDirectory(options.root(), "wharf-store-load-");
        progress.printf("Store load: writers %s, warmup %d ms, %d ms per step, segments of %,d bytes, data in %s%n",
            options.writerCounts(), options.warmup().toMillis(), options.duration().toMillis(),
            options.segmentBytes(), root);
        List<StepResult> steps = new ArrayList<>();
        try {
            StoreSyncLoad load = new StoreSyncLoad(options, progress);
            for (int writers : options.writerCounts()) {
                Path dir = root.resolve("writers-" + writers);
                progress.printf("[%d/%d] store SYNC, %d writers%n", steps.size() + 1, options.writerCounts().size(),
                    writers);
                Measurement store = load.run(writers, dir.resolve("store"));
                progress.println("    store: " + line(store));
                int batch = (int) Math.max(1, Math.round(store.recordsPerForce()));
                RawForceLoop raw = RawForceLoop.preallocate(dir.resolve("raw.dat"), options.segmentBytes());
                Map<RawVariant, Measurement> raws = new EnumMap<>(RawVariant.class);
                for (RawVariant variant : options.rawVariants()) {
                    progress.printf("    raw %s, force every %d records, 1 writing thread%n", variant.label(), batch);
                    Measurement m = raw.run(variant, store.recordBytes(), batch, options.warmup(), options.duration());
                    progress.println("    raw:   " + line(m));
                    raws.put(variant, m);
                }
                StepResult step = new StepResult(writers, store, raws);
                progress.printf(Locale.ROOT, "    store/raw: throughput %.2f, p99 %.2f%n", step.throughputRatio(),
                    step.p99Ratio());
                steps.add(step);
                TempDirs.deleteRecursively(dir);
                // Deleted files stay mapped (and their blocks held) until the buffers are collected.
                System.gc();
            }
        } finally {
            TempDirs.deleteRecursively(root);
        }
        return steps;
    }

    private static String line(Measurement m) {
        return String.format(Locale.ROOT, "%,.0f records/s, %.1f MB/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                + "max %.2f ms, %.1f records/force (%d-byte records)", m.recordsPerSecond(), m.megabytesPerSecond(),
            LoadReport.ms(m.latency().p50Ns()), LoadReport.ms(m.latency().p99Ns()),
            LoadReport.ms(m.latency().p999Ns()), LoadReport.ms(m.latency().maxNs()), m.recordsPerForce(),
            m.recordBytes());
    }
}
