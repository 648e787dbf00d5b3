package io.wharf.benchmarks.broker;

import io.wharf.benchmarks.TempDirs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Wharf against Apache RocketMQ, side by side in one run. For each flush mode, each broker in turn is started in
 * a child JVM of its own on 127.0.0.1 (fresh temporary directory, the same JVM options), then this JVM drives it
 * with that broker's own client: closed-loop synchronous sends of the same body from N threads sharing one
 * producer, one step per thread count; in the last flush mode also a backlog written and then drained by one new
 * consumer group. The broker is stopped and its directory deleted before the next one starts. Prints progress
 * while it runs and Markdown tables at the end.
 *
 * <pre>java -cp wharf-broker-benchmarks.jar io.wharf.benchmarks.broker.BrokerLoadTool --threads 16,64</pre>
 */
public final class BrokerLoadTool {
    /** Upper bound of one send step's messages, far above what two cores do; the step's time bounds it first. */
    private static final long MAX_MESSAGES_PER_STEP = 50_000_000L;
    /** Bound of the first send after start and of the broker's start-up work. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    private BrokerLoadTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(BrokerLoadOptions.USAGE);
            return;
        }
        BrokerLoadOptions options;
        try {
            options = BrokerLoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BrokerLoadOptions.USAGE);
            System.exit(2);
            return;
        }
        BrokerRun result = run(options, System.out);
        System.out.println();
        System.out.print(BrokerReport.sendTables(result, options));
        if (!result.drains().isEmpty()) {
            System.out.print(BrokerReport.drainTable(result));
            System.out.println();
        }
        BrokerReport.verdict(result, options).forEach(System.out::println);
        // RocketMQ's client leaves non-daemon threads behind.
        System.exit(0);
    }

    /** Runs every step; the temporary root is deleted at the end, whatever happens. */
    public static BrokerRun run(BrokerLoadOptions o, PrintStream progress) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory(o.root(), "wharf-broker-load-");
        if (o.jfrDir() != null) {
            Files.createDirectories(o.jfrDir());
        }
        byte[] body = new byte[o.bodyBytes()];
        new SplittableRandom(42).nextBytes(body);
        progress.printf("Broker load: brokers %s, flush %s, threads %s, warmup %d ms, %d ms per step, %d-byte bodies, "
                + "%d queues, backlog %,d; broker JVMs %s; data in %s%n", o.brokers(), o.flushModes(),
            o.threadCounts(), o.warmup().toMillis(), o.duration().toMillis(), o.bodyBytes(), o.queues(),
            o.drainMessages(), o.jvmOptions(), root);
        if (o.rocketMqHome() == null && !o.brokers().contains(BrokerLoadOptions.ROCKETMQ)) {
            progress.println("(the RocketMQ peer is not built: Wharf alone; build with -Procketmq for the comparison)");
        }
        List<BrokerRun.SendStep> sends = new ArrayList<>();
        List<BrokerRun.DrainStep> drains = new ArrayList<>();
        int total = o.flushModes().size() * o.brokers().size();
        int n = 0;
        try {
            for (Flush flush : o.flushModes()) {
                boolean drainHere = o.drainMessages() > 0 && flush == o.flushModes().getLast();
                for (String broker : o.brokers()) {
                    n++;
                    progress.printf("[%d/%d] %s, %s flush: starting the broker%n", n, total,
                        BrokerReport.displayName(broker), flush);
                    Path dir = root.resolve(broker + "-" + flush.name().toLowerCase(Locale.ROOT));
                    try {
                        runBroker(o, broker, flush, dir, body, drainHere, sends, drains, progress);
                    } finally {
                        TempDirs.deleteRecursively(dir);
                    }
                }
            }
        } finally {
            TempDirs.deleteRecursively(root);
        }
        return new BrokerRun(sends, drains);
    }

    private static void runBroker(BrokerLoadOptions o, String broker, Flush flush, Path dir, byte[] body,
                                  boolean drain, List<BrokerRun.SendStep> sends, List<BrokerRun.DrainStep> drains,
                                  PrintStream progress) throws IOException, InterruptedException {
        long startedAt = System.nanoTime();
        try (BrokerPeer peer = start(o, broker, flush, dir)) {
            prime(peer, body);
            peer.settle(SETTLE_TIMEOUT);
            progress.printf(Locale.ROOT, "    up in %.1f s (pid %d; first message stored, start-up work done)%n",
                (System.nanoTime() - startedAt) / 1e9, peer.pid());
            if (!o.prime().isZero()) {
                int threads = o.threadCounts().stream().max(Integer::compare).orElseThrow();
                progress.printf("    warm-up: %d threads for %d ms, not measured%n", threads, o.prime().toMillis());
                try (MessageSender sender = peer.sender(BrokerPeer.SEND_TOPIC)) {
                    SendLoad.run(sender, threads, Duration.ZERO, o.prime(), MAX_MESSAGES_PER_STEP, body, progress);
                }
            }
            for (int threads : o.threadCounts()) {
                progress.printf("    send: %d threads, %d ms warmup, %d ms measured%n", threads,
                    o.warmup().toMillis(), o.duration().toMillis());
                SendResult r;
                try (MessageSender sender = peer.sender(BrokerPeer.SEND_TOPIC)) {
                    r = SendLoad.run(sender, threads, o.warmup(), o.duration(), MAX_MESSAGES_PER_STEP, body,
                        progress);
                }
                progress.println("    => " + line(r));
                sends.add(new BrokerRun.SendStep(broker, flush, threads, r));
            }
            if (drain) {
                drains.add(drainBacklog(o, broker, flush, peer, body, progress));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(BrokerReport.displayName(broker) + " failed", e);
        }
    }

    /** Sends one message, retrying for a while: the first write and route lookup are not part of any step. */
    private static void prime(BrokerPeer peer, byte[] body) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        try (MessageSender sender = peer.sender(BrokerPeer.SEND_TOPIC)) {
            while (true) {
                try {
                    sender.send(body);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
        }
    }

    private static BrokerRun.DrainStep drainBacklog(BrokerLoadOptions o, String broker, Flush flush, BrokerPeer peer,
                                                    byte[] body, PrintStream progress) throws Exception {
        progress.printf("    backlog: writing %,d messages with %d threads%n", o.drainMessages(), o.fillThreads());
        SendResult fill;
        try (MessageSender sender = peer.sender(BrokerPeer.DRAIN_TOPIC)) {
            fill = SendLoad.run(sender, o.fillThreads(), Duration.ZERO, o.drainTimeout(),
                o.drainMessages(), body, progress);
        }
        progress.println("    => " + line(fill));
        progress.printf("    drain: one consumer group, %,d messages from the first offset%n", fill.messages());
        DrainResult r = peer.drain(fill.messages(), o.drainTimeout(),
            count -> progress.printf("      %,d consumed%n", count));
        progress.printf(Locale.ROOT, "    => %s%n", r.complete()
            ? String.format(Locale.ROOT, "%,.0f msgs/s from the first message (%,.0f from the consumer's start; "
                + "first message after %.0f ms)", r.messagesPerSecond(), r.messagesPerSecondFromStart(),
                r.firstMessageMs())
            : String.format(Locale.ROOT, "INCOMPLETE: %,d of %,d within %d s", r.consumed(), r.expected(),
                o.drainTimeout().toSeconds()));
        return new BrokerRun.DrainStep(broker, flush, fill, r);
    }

    private static BrokerPeer start(BrokerLoadOptions o, String broker, Flush flush, Path dir)
        throws IOException, InterruptedException {
        return switch (broker) {
            case BrokerLoadOptions.WHARF -> WharfPeer.start(o, flush, dir);
            case BrokerLoadOptions.WHARF_SECURE -> WharfPeer.startSecure(o, flush, dir);
            case BrokerLoadOptions.WHARF_GROUP -> WharfClusterPeer.start(o, flush, dir);
            case BrokerLoadOptions.ROCKETMQ_MASTER_SLAVE -> RocketMqMasterSlavePeer.start(o, flush, dir);
            case BrokerLoadOptions.ROCKETMQ_DLEDGER -> RocketMqDledgerPeer.start(o, flush, dir);
            default -> RocketMqPeer.start(o, flush, dir);
        };
    }

    private static String line(SendResult r) {
        return String.format(Locale.ROOT, "%,.0f msgs/s, %.1f MB/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                + "max %.2f ms, %d errors%s", r.messagesPerSecond(), r.megabytesPerSecond(),
            BrokerReport.ms(r.latency().p50Ns()), BrokerReport.ms(r.latency().p99Ns()),
            BrokerReport.ms(r.latency().p999Ns()), BrokerReport.ms(r.latency().maxNs()), r.errors(),
            r.firstError() == null ? "" : " (first: " + r.firstError() + ")");
    }
}
