package io.wharf.benchmarks.broker;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Formats a {@link BrokerRun} as Markdown, ready to paste into {@code docs/benchmarks.md}, and judges the goal. */
public final class BrokerReport {
    /** The goal: Wharf sends at least this multiple of RocketMQ's msgs/s with SYNC flush at 64 threads ... */
    public static final double GOAL_THROUGHPUT_RATIO = 2.0;
    public static final int GOAL_THREADS = 64;

    private BrokerReport() {
    }

    /** The display name of a broker key. */
    public static String displayName(String broker) {
        return broker.equals(BrokerLoadOptions.WHARF) ? "Wharf" : "RocketMQ 5.3.3";
    }

    /** One table per flush mode and thread count: each broker's line, then Wharf over RocketMQ. */
    public static String sendTables(BrokerRun run, BrokerLoadOptions o) {
        StringBuilder out = new StringBuilder();
        for (Flush flush : o.flushModes()) {
            for (int threads : o.threadCounts()) {
                out.append(String.format(Locale.ROOT, "%s flush, %d producer threads:%n%n", flush, threads));
                out.append("| broker | msgs/s | MB/s | p50 ms | p99 ms | p99.9 ms | max ms | errors |\n");
                out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
                for (String broker : o.brokers()) {
                    run.send(broker, flush, threads).ifPresent(r -> out.append(String.format(Locale.ROOT,
                        "| %s | %,.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %d |%n", displayName(broker),
                        r.messagesPerSecond(), r.megabytesPerSecond(), ms(r.latency().p50Ns()),
                        ms(r.latency().p99Ns()), ms(r.latency().p999Ns()), ms(r.latency().maxNs()), r.errors())));
                }
                ratio(run, flush, threads).ifPresent(x -> out.append(String.format(Locale.ROOT,
                    "| Wharf / RocketMQ | %.2fx | | %.2fx | %.2fx | %.2fx | | |%n", x[0], x[1], x[2], x[3])));
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Wharf over RocketMQ: msgs/s, p50, p99, p99.9; empty unless both ran the step. */
    static Optional<double[]> ratio(BrokerRun run, Flush flush, int threads) {
        Optional<SendResult> w = run.send(BrokerLoadOptions.WHARF, flush, threads);
        Optional<SendResult> r = run.send(BrokerLoadOptions.ROCKETMQ, flush, threads);
        if (w.isEmpty() || r.isEmpty()) {
            return Optional.empty();
        }
        SendResult a = w.get();
        SendResult b = r.get();
        return Optional.of(new double[] {a.messagesPerSecond() / b.messagesPerSecond(),
            (double) a.latency().p50Ns() / b.latency().p50Ns(), (double) a.latency().p99Ns() / b.latency().p99Ns(),
            (double) a.latency().p999Ns() / b.latency().p999Ns()});
    }

    /** The drains: rate from the first message, rate from the consumer's start, and how the backlog was written. */
    public static String drainTable(BrokerRun run) {
        StringBuilder out = new StringBuilder();
        out.append("| broker | flush | backlog | drain msgs/s | MB/s | msgs/s from consumer start | first message ms "
            + "| fill msgs/s |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (BrokerRun.DrainStep d : run.drains()) {
            DrainResult r = d.result();
            out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %.1f | %,.0f | %.0f | %,.0f |%n",
                displayName(d.broker()), d.flush(), r.expected(), r.complete()
                    ? String.format(Locale.ROOT, "%,.0f", r.messagesPerSecond())
                    : String.format(Locale.ROOT, "incomplete (%,d)", r.consumed()),
                r.megabytesPerSecond(), r.messagesPerSecondFromStart(), r.firstMessageMs(),
                d.fill().messagesPerSecond()));
        }
        return out.toString();
    }

    /** The goal, judged: SYNC at 64 threads (throughput ratio and p99) and the drain. */
    public static List<String> verdict(BrokerRun run) {
        String sync = ratio(run, Flush.SYNC, GOAL_THREADS).map(x -> {
            SendResult w = run.send(BrokerLoadOptions.WHARF, Flush.SYNC, GOAL_THREADS).orElseThrow();
            SendResult r = run.send(BrokerLoadOptions.ROCKETMQ, Flush.SYNC, GOAL_THREADS).orElseThrow();
            boolean rate = x[0] >= GOAL_THROUGHPUT_RATIO;
            boolean p99 = w.latency().p99Ns() <= r.latency().p99Ns();
            return String.format(Locale.ROOT, "Goal SYNC %d threads: Wharf/RocketMQ msgs/s %.2fx (>= %.0fx: %s), "
                    + "p99 %.2f ms vs %.2f ms (no worse: %s)", GOAL_THREADS, x[0], GOAL_THROUGHPUT_RATIO,
                rate ? "MET" : "MISSED", ms(w.latency().p99Ns()), ms(r.latency().p99Ns()), p99 ? "MET" : "MISSED");
        }).orElse("Goal SYNC " + GOAL_THREADS + " threads: not evaluated (both brokers must run that step)");
        Optional<BrokerRun.DrainStep> w = run.drain(BrokerLoadOptions.WHARF);
        Optional<BrokerRun.DrainStep> r = run.drain(BrokerLoadOptions.ROCKETMQ);
        String drain = w.isPresent() && r.isPresent() && r.get().result().complete()
            ? String.format(Locale.ROOT, "Goal drain: Wharf/RocketMQ %.2fx (>= 1x: %s)",
                w.get().result().messagesPerSecond() / r.get().result().messagesPerSecond(),
                w.get().result().messagesPerSecond() >= r.get().result().messagesPerSecond() ? "MET" : "MISSED")
            : "Goal drain: not evaluated (both brokers must drain completely)";
        return List.of(sync, drain);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
