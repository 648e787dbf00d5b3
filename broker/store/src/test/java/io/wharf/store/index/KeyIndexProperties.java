package io.wharf.store.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.store.format.KeyIndexFileLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Compares {@link KeyIndex} with a plain list of records under random puts, log truncations and reopenings.
 * Tiny files (4 slots, 6 entries) make collisions and rotations the common case.
 */
class KeyIndexProperties {
    private static final int SLOTS = 4;
    private static final int ENTRIES = 6;
    private static final long LOG_START = 0L;
    private static final List<String> TOPICS = List.of("t1", "t2");
    private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4", "k5", "");

    sealed interface Op permits Put, Truncate, Reopen, Lookup {
    }

    record Put(String topic, List<String> keys, int gap, int length, long timeStep) implements Op {
    }

    record Truncate(int percent) implements Op {
    }

    record Reopen() implements Op {
    }

    record Lookup(String topic, String key, long from, long width, int max) implements Op {
    }

    record Rec(String topic, List<String> keys, long offset, int length, long timestampMs) {
        boolean matches(int keyHash) {
            return keys.stream().anyMatch(k -> !k.isEmpty() && KeyIndexFileLayout.keyHash(topic, k) == keyHash);
        }
    }

    /** The commit log as the store sees it, and the index built from it. */
    private static final class Harness {
        final Path dir;
        final List<Rec> log = new ArrayList<>();
        long logEnd = LOG_START;
        long clock = 1_700_000_000_000L;
        KeyIndex index;

        Harness(Path dir) {
            this.dir = dir;
            this.index = KeyIndex.open(dir, SLOTS, ENTRIES);
        }

        void apply(Op op) {
            switch (op) {
                case Put p -> {
                    clock += p.timeStep();
                    long offset = log.isEmpty() ? LOG_START : logEnd + p.gap();
                    Rec rec = new Rec(p.topic(), p.keys(), offset, p.length(), clock);
                    log.add(rec);
                    logEnd = offset + p.length();
                    put(rec);
                }
                case Truncate t -> {
                    if (!log.isEmpty()) {
                        int from = t.percent() * log.size() / 100;
                        logEnd = from < log.size() ? log.get(from).offset() : logEnd;
                        log.subList(from, log.size()).clear();
                        long resume = index.recover(LOG_START, logEnd);
                        assertThat(resume).isLessThanOrEqualTo(logEnd);
                        putFrom(resume);
                    }
                }
                case Reopen r -> {
                    index.close();
                    index = KeyIndex.open(dir, SLOTS, ENTRIES);
                    long resume = index.recover(LOG_START, logEnd);
                    assertThat(resume).isEqualTo(logEnd);
                    putFrom(resume);
                }
                case Lookup l -> check(l.topic(), l.key(), l.from(), l.from() + l.width(), l.max());
            }
        }

        private void put(Rec rec) {
            index.put(rec.topic(), rec.keys(), rec.offset(), rec.length(), rec.timestampMs());
        }

        private void putFrom(long offset) {
            log.stream().filter(rec -> rec.offset() >= offset).forEach(this::put);
        }

        void checkEverything() {
            assertThat(index.indexedEndOffset()).isEqualTo(logEnd);
            for (String topic : TOPICS) {
                for (String key : KEYS) {
                    check(topic, key, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
                }
            }
        }

        private void check(String topic, String key, long from, long to, int max) {
            List<Long> expected = new ArrayList<>();
            if (!key.isEmpty()) {
                int hash = KeyIndexFileLayout.keyHash(topic, key);
                for (int i = log.size() - 1; i >= 0 && expected.size() < max; i--) {
                    Rec rec = log.get(i);
                    if (rec.matches(hash) && rec.timestampMs() >= from && rec.timestampMs() <= to) {
                        expected.add(rec.offset());
                    }
                }
            }
            assertThat(index.lookup(topic, key, from, to, max))
                .as("%s/%s in [%d, %d] max %d", topic, key, from, to, max).isEqualTo(expected);
        }
    }

    @Property(tries = 200)
    void indexAnswersLikeAScanOfTheLog(@ForAll("ops") @Size(max = 60) List<Op> ops) throws IOException {
        Path dir = Files.createTempDirectory("key-index-properties");
        Harness harness = new Harness(dir);
        try {
            for (Op op : ops) {
                harness.apply(op);
                harness.checkEverything();
            }
        } finally {
            harness.index.close();
            deleteRecursively(dir);
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.frequencyOf(
            Tuple.of(12, puts()),
            Tuple.of(1, Arbitraries.integers().between(0, 100).map(Truncate::new)),
            Tuple.of(1, Arbitraries.just(new Reopen())),
            Tuple.of(3, lookups())
        ).list();
    }

    private static Arbitrary<Op> puts() {
        Arbitrary<Long> timeSteps = Arbitraries.frequencyOf(
            Tuple.of(10, Arbitraries.longs().between(-50, 1_000)),
            Tuple.of(1, Arbitraries.longs().between(Integer.MAX_VALUE - 10L, 3L * Integer.MAX_VALUE)));
        return Combinators.combine(
            Arbitraries.of(TOPICS),
            Arbitraries.of(KEYS).list().ofMaxSize(4),
            Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 300))),
            Arbitraries.integers().between(1, 200),
            timeSteps
        ).as((topic, keys, gap, length, step) -> (Op) new Put(topic, keys, gap, length, step));
    }

    private static Arbitrary<Op> lookups() {
        return Combinators.combine(
            Arbitraries.of(TOPICS),
            Arbitraries.of(KEYS),
            Arbitraries.longs().between(1_700_000_000_000L, 1_700_000_030_000L),
            Arbitraries.longs().between(0, 20_000),
            Arbitraries.integers().between(1, 5)
        ).as((topic, key, from, width, max) -> (Op) new Lookup(topic, key, from, width, max));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
