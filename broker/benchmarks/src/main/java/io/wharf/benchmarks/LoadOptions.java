package io.wharf.benchmarks;

import io.wharf.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Settings of one {@link StoreLoadTool} run, parsed from its command line.
 *
 * @param writerCounts  the concurrent writers of each step, in order
 * @param warmup        how long each step runs before it is measured
 * @param duration      how long each step is measured
 * @param root          where the temporary data directories go (one per step, deleted afterwards)
 * @param segmentBytes  the commit-log segment size (also the size of the raw loop's file)
 * @param bodyBytes     the message body size
 * @param rawVariants   the raw loops run after each store step; {@link RawVariant#MMAP} first and always
 * @param writeMode     how the store writes its commit log: {@code channel} (the default) or {@code mmap}
 */
public record LoadOptions(List<Integer> writerCounts, Duration warmup, Duration duration, Path root,
                          int segmentBytes, int bodyBytes, List<RawVariant> rawVariants, String writeMode) {

    public static final String USAGE = """
        StoreLoadTool: SYNC appends at several writer counts, each step followed by the raw mmap-force loop.
          --writers 1,16,64,256   concurrent writers per step
          --duration 5s           measured time per step (and per raw loop); units ms or s
          --warmup 1s             unmeasured time before each measurement
          --dir <path>            parent of the temporary data directories (default: java.io.tmpdir)
          --segment-bytes <n>     commit-log segment size and raw file size (default: the store's, 1 GiB)
          --body-bytes 1024       message body size
          --raw all               raw loops per step: all (mmap, mmap with a busy sibling thread,
                                  pwrite+fdatasync with a busy sibling) or mmap (the reference only)
          --write-mode channel    how the store writes its log: channel (pwrite, the default) or mmap
        """;

    public LoadOptions {
        writerCounts = List.copyOf(writerCounts);
        rawVariants = List.copyOf(rawVariants);
        if (rawVariants.isEmpty() || rawVariants.get(0) != RawVariant.MMAP) {
            throw new IllegalArgumentException("the raw variants must start with the mmap reference");
        }
        if (writerCounts.isEmpty() || writerCounts.stream().anyMatch(w -> w <= 0)) {
            throw new IllegalArgumentException("writer counts must be positive");
        }
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("duration must be positive and warmup not negative");
        }
        if (!"channel".equals(writeMode) && !"mmap".equals(writeMode)) {
            throw new IllegalArgumentException("--write-mode takes channel or mmap, not " + writeMode);
        }
        if (bodyBytes <= 0 || bodyBytes > segmentBytes / 4) {
            throw new IllegalArgumentException("body bytes must be positive and well below the segment size");
        }
    }

    /** Parses {@code args}; unknown options raise {@link IllegalArgumentException}. */
    public static LoadOptions parse(String[] args) {
        List<Integer> writers = List.of(1, 16, 64, 256);
        Duration warmup = Duration.ofSeconds(1);
        Duration duration = Duration.ofSeconds(5);
        Path root = Path.of(System.getProperty("java.io.tmpdir"));
        int segmentBytes = StoreConfig.DEFAULT_SEGMENT_BYTES;
        int bodyBytes = BenchmarkRecords.BODY_BYTES;
        List<RawVariant> raw = List.of(RawVariant.values());
        String writeMode = "channel";
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--writers" -> writers = parseInts(value);
                case "--duration" -> duration = parseDuration(value);
                case "--warmup" -> warmup = parseDuration(value);
                case "--dir" -> root = Path.of(value);
                case "--segment-bytes" -> segmentBytes = Integer.parseInt(value);
                case "--body-bytes" -> bodyBytes = Integer.parseInt(value);
                case "--raw" -> raw = parseRaw(value);
                case "--write-mode" -> writeMode = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new LoadOptions(writers, warmup, duration, root, segmentBytes, bodyBytes, raw, writeMode);
    }

    private static List<RawVariant> parseRaw(String value) {
        return switch (value) {
            case "all" -> List.of(RawVariant.values());
            case "mmap" -> List.of(RawVariant.MMAP);
            default -> throw new IllegalArgumentException("--raw takes all or mmap, not " + value);
        };
    }

    private static List<Integer> parseInts(String csv) {
        List<Integer> out = new ArrayList<>();
        Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt)
            .forEach(out::add);
        return out;
    }

    /** {@code 500ms}, {@code 5s} or a bare number of seconds. */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    }
}
