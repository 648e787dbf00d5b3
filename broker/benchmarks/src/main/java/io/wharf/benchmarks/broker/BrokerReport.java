package io.wharf.benchmarks.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Formats a {@link BrokerRun} as Markdown, ready to paste into {@code docs/benchmarks.md}, and judges the goal. */
public final class BrokerReport {
    /** The goal: Wharf sends at least this multiple of RocketMQ's msgs/s with SYNC flush at 64 threads ... */
    public static final double GOAL_THROUGHPUT_RATIO = 2.0;
    public static final int GOAL_THREADS = 64;
    /** The replicated goal against RocketMQ on DLedger, at every thread count (against master/slave: 2x). */
    public static final double GOAL_DLEDGER_RATIO = 4.0;

    /**
     * One goal: {@code subject} sends at least {@code ratio} times {@code reference}'s msgs/s with SYNC flush, with
     * a p99 no worse.
     *
     * @param threads the thread count judged, or 0 for every thread count run
     */
    private record Goal(String subject, String reference, double ratio, int threads) {
    }

    private static final List<Goal> GOALS = List.of(
        new Goal(BrokerLoadOptions.WHARF, BrokerLoadOptions.ROCKETMQ, GOAL_THROUGHPUT_RATIO, GOAL_THREADS),
        new Goal(BrokerLoadOptions.WHARF_GROUP, BrokerLoadOptions.ROCKETMQ_MASTER_SLAVE, GOAL_THROUGHPUT_RATIO, 0),
        new Goal(BrokerLoadOptions.WHARF_GROUP, BrokerLoadOptions.ROCKETMQ_DLEDGER, GOAL_DLEDGER_RATIO, 0));

    private BrokerReport() {
    }

    /** The display name of a broker key. */
    public static String displayName(String broker) {
        return switch (broker) {
            case BrokerLoadOptions.WHARF -> "Wharf";
            case BrokerLoadOptions.WHARF_GROUP -> "Wharf 3-node group";
            case BrokerLoadOptions.WHARF_SECURE -> "Wharf, TLS and ACL on";
            case BrokerLoadOptions.ROCKETMQ_MASTER_SLAVE -> "RocketMQ 5.3.3 SYNC_MASTER+SLAVE";
            case BrokerLoadOptions.ROCKETMQ_DLEDGER -> "RocketMQ 5.3.3 DLedger 3-node";
            default -> "RocketMQ 5.3.3";
        };
    }

    /** The short name of a broker key, for ratio lines. */
    static String shortName(String broker) {
        return switch (broker) {
            case BrokerLoadOptions.WHARF -> "Wharf";
            case BrokerLoadOptions.WHARF_GROUP -> "Wharf group";
            case BrokerLoadOptions.WHARF_SECURE -> "Wharf secured";
            case BrokerLoadOptions.ROCKETMQ_MASTER_SLAVE -> "RocketMQ M/S";
            case BrokerLoadOptions.ROCKETMQ_DLEDGER -> "RocketMQ DLedger";
            default -> "RocketMQ";
        };
    }

    /** One table per flush mode and thread count: each broker's line, then the first broker over each other. */
    public static String sendTables(BrokerRun run, BrokerLoadOptions o) {
        StringBuilder out = new StringBuilder();
        String subject = o.brokers().getFirst();
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
                for (String reference : o.brokers().subList(1, o.brokers().size())) {
                    ratio(run, subject, reference, flush, threads).ifPresent(x -> out.append(String.format(
                        Locale.ROOT, "| %s / %s | %.2fx | | %.2fx | %.2fx | %.2fx | | |%n", shortName(subject),
                        shortName(reference), x[0], x[1], x[2], x[3])));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** {@code subject} over {@code reference}: msgs/s, p50, p99, p99.9; empty unless both ran the step. */
    static Optional<double[]> ratio(BrokerRun run, String subject, String reference, Flush flush, int threads) {
        Optional<SendResult> w = run.send(subject, flush, threads);
        Optional<SendResult> r = run.send(reference, flush, threads);
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

    /**
     * The goals, judged, for the pairs that ran: Wharf against RocketMQ with SYNC flush at 64 threads and the drain;
     * the Wharf group against RocketMQ master/slave (2x) and DLedger (4x) with SYNC flush at every thread count.
     */
    public static List<String> verdict(BrokerRun run, BrokerLoadOptions o) {
        List<String> out = new ArrayList<>();
        for (Goal g : GOALS) {
            if (!o.brokers().contains(g.subject()) || !o.brokers().contains(g.reference())) {
                continue;
            }
            List<Integer> steps = g.threads() == 0 ? o.threadCounts() : List.of(g.threads());
            for (int threads : steps) {
                out.add(judge(run, g, threads));
            }
        }
        if (o.brokers().contains(BrokerLoadOptions.WHARF) && o.brokers().contains(BrokerLoadOptions.ROCKETMQ)) {
            Optional<BrokerRun.DrainStep> w = run.drain(BrokerLoadOptions.WHARF);
            Optional<BrokerRun.DrainStep> r = run.drain(BrokerLoadOptions.ROCKETMQ);
            out.add(w.isPresent() && r.isPresent() && r.get().result().complete()
                ? String.format(Locale.ROOT, "Goal drain: Wharf/RocketMQ %.2fx (>= 1x: %s)",
                    w.get().result().messagesPerSecond() / r.get().result().messagesPerSecond(),
                    w.get().result().messagesPerSecond() >= r.get().result().messagesPerSecond() ? "MET" : "MISSED")
                : "Goal drain: not evaluated (both brokers must drain completely)");
        }
        return out;
    }

    private static String judge(BrokerRun run, Goal g, int threads) {
        String pair = shortName(g.subject()) + "/" + shortName(g.reference());
        return ratio(run, g.subject(), g.reference(), Flush.SYNC, threads).map(x -> {
            SendResult w = run.send(g.subject(), Flush.SYNC, threads).orElseThrow();
            SendResult r = run.send(g.reference(), Flush.SYNC, threads).orElseThrow();
            boolean rate = x[0] >= g.ratio();
            boolean p99 = w.latency().p99Ns() <= r.latency().p99Ns();
            return String.format(Locale.ROOT, "Goal SYNC %d threads: %s msgs/s %.2fx (>= %.0fx: %s), "
                    + "p99 %.2f ms vs %.2f ms (no worse: %s)", threads, pair, x[0], g.ratio(),
                rate ? "MET" : "MISSED", ms(w.latency().p99Ns()), ms(r.latency().p99Ns()), p99 ? "MET" : "MISSED");
        }).orElse("Goal SYNC " + threads + " threads, " + pair + ": not evaluated (both must run that step)");
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
