package io.wharf.benchmarks;

import java.util.List;
import java.util.Locale;

/** Formats the load tool's results as Markdown tables, ready to paste into {@code docs/benchmarks.md}. */
public final class LoadReport {
    /** The goal for 64 writers: at least this share of the raw throughput ... */
    public static final double GOAL_THROUGHPUT_RATIO = 0.70;
    /** ... with a p99 latency at most this multiple of the raw p99. */
    public static final double GOAL_P99_RATIO = 3.0;
    public static final int GOAL_WRITERS = 64;

    private LoadReport() {
    }

    /** One line per step, store and raw side by side. */
    public static String table(List<StepResult> steps) {
        StringBuilder out = new StringBuilder();
        out.append("| writers | store rec/s | store MB/s | p50 ms | p99 ms | p99.9 ms | rec/force "
            + "| raw N | raw rec/s | raw p99 ms | rec/s store/raw | p99 store/raw |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (StepResult s : steps) {
            Measurement st = s.store();
            Measurement raw = s.raw();
            out.append(String.format(Locale.ROOT,
                "| %d | %,.0f | %.1f | %.2f | %.2f | %.2f | %.1f | %d | %,.0f | %.2f | %.2f | %.2f |%n",
                s.writers(), st.recordsPerSecond(), st.megabytesPerSecond(), ms(st.latency().p50Ns()),
                ms(st.latency().p99Ns()), ms(st.latency().p999Ns()), st.recordsPerForce(),
                (int) raw.recordsPerForce(), raw.recordsPerSecond(), ms(raw.latency().p99Ns()), s.throughputRatio(),
                s.p99Ratio()));
        }
        return out.toString();
    }

    /** Throughput and p99 of every raw variant per step, and the store's share of each. */
    public static String variantTable(List<StepResult> steps, List<RawVariant> variants) {
        StringBuilder out = new StringBuilder("| writers | store rec/s | store p99 ms |");
        StringBuilder rule = new StringBuilder("|---:|---:|---:|");
        for (RawVariant v : variants) {
            out.append(" ").append(v.label()).append(": rec/s | p99 ms | store/raw rec/s |");
            rule.append("---:|---:|---:|");
        }
        out.append('\n').append(rule).append('\n');
        for (StepResult s : steps) {
            out.append(String.format(Locale.ROOT, "| %d | %,.0f | %.2f |", s.writers(), s.store().recordsPerSecond(),
                ms(s.store().latency().p99Ns())));
            for (RawVariant v : variants) {
                Measurement m = s.raws().get(v);
                out.append(String.format(Locale.ROOT, " %,.0f | %.2f | %.2f |", m.recordsPerSecond(),
                    ms(m.latency().p99Ns()), s.throughputRatio(v)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Whether the step at {@link #GOAL_WRITERS} writers met the goal, in one sentence. */
    public static String verdict(List<StepResult> steps) {
        for (StepResult s : steps) {
            if (s.writers() == GOAL_WRITERS) {
                boolean throughput = s.throughputRatio() >= GOAL_THROUGHPUT_RATIO;
                boolean latency = s.p99Ratio() <= GOAL_P99_RATIO;
                return String.format(Locale.ROOT, "Goal at %d writers (throughput >= %.0f%% of raw, p99 <= %.0fx "
                        + "raw): throughput %.0f%% %s, p99 %.2fx %s", GOAL_WRITERS, GOAL_THROUGHPUT_RATIO * 100,
                    GOAL_P99_RATIO, s.throughputRatio() * 100, throughput ? "MET" : "MISSED", s.p99Ratio(),
                    latency ? "MET" : "MISSED");
            }
        }
        return "Goal not evaluated: no step ran " + GOAL_WRITERS + " writers.";
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
