package io.wharf.benchmarks.broker;

import java.net.URISyntaxException;
import static io.wharf.benchmarks.LoadOptions.parseDuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings of one {@link BrokerLoadTool} run, parsed from its command line.
 *
 * @param brokers        the brokers under test, in order: {@code wharf}, {@code rocketmq}; or the replicated groups
 *                       {@code wharf-group}, {@code rocketmq-master-slave}, {@code rocketmq-dledger}; the first
 *                       is the one the others are compared with
 * @param flushModes     the flush modes, in order; each broker runs in each mode in a fresh directory
 * @param threadCounts   producer threads of each send step, in order
 * @param prime          unmeasured load after each broker start, at the largest thread count (JIT warm-up of
 *                       both JVMs before the first step)
 * @param warmup         unmeasured time before each send step
 * @param duration       measured time of each send step
 * @param bodyBytes      message body size
 * @param queues         queues per topic, on both brokers
 * @param drainMessages  backlog size for the drain (0: no drain); written and drained in the last flush mode
 * @param fillThreads    producer threads writing the backlog
 * @param drainTimeout   the longest the fill and the drain may each take
 * @param pullBatchSize  messages per pull of the drain's consumer, 0 for each client's default
 * @param jvmOptions     JVM options of both broker JVMs (the same heap for both)
 * @param root           parent of the temporary data directories
 * @param wharfLaunch    what follows the JVM options in the Wharf broker's command line
 * @param wharfSettings  extra {@code -Dwharf.<key>=<value>} settings of the Wharf broker
 * @param rocketMqSettings extra RocketMQ broker settings ({@code BrokerConfig} or {@code MessageStoreConfig}
 *                       properties) of every RocketMQ node
 * @param rocketMqHome   the built peer module's target directory (jar and lib/), or null when not built
 * @param jfrDir         where each broker JVM writes a flight recording, or null for none
 */
public record BrokerLoadOptions(List<String> brokers, List<Flush> flushModes, List<Integer> threadCounts,
                                Duration prime, Duration warmup, Duration duration, int bodyBytes, int queues,
                                long drainMessages, int fillThreads, Duration drainTimeout, int pullBatchSize,
                                List<String> jvmOptions, Path root, List<String> wharfLaunch,
                                Map<String, String> wharfSettings, Map<String, String> rocketMqSettings,
                                Path rocketMqHome, Path jfrDir) {

    public static final String WHARF = "wharf";
    public static final String ROCKETMQ = "rocketmq";
    /** One Wharf node with TLS (client certificates required) and ACL on, driven by an authenticated client. */
    public static final String WHARF_SECURE = "wharf-secure";
    /** A Wharf group of three nodes ({@link WharfClusterPeer}). */
    public static final String WHARF_GROUP = "wharf-group";
    /** RocketMQ SYNC_MASTER and SLAVE ({@link RocketMqMasterSlavePeer}). */
    public static final String ROCKETMQ_MASTER_SLAVE = "rocketmq-master-slave";
    /** RocketMQ on a three-node DLedger group ({@link RocketMqDledgerPeer}). */
    public static final String ROCKETMQ_DLEDGER = "rocketmq-dledger";
    /** Every broker key, in the order of the two comparison sets. */
    public static final List<String> BROKERS = List.of(WHARF, ROCKETMQ, WHARF_GROUP, ROCKETMQ_MASTER_SLAVE,
        ROCKETMQ_DLEDGER, WHARF_SECURE);
    /** The flag that switches the defaults to the replicated comparison. */
    public static final String REPLICATED = "--replicated";

    private static final Set<String> OPTIONS = Set.of("--brokers", "--flush", "--threads", "--prime", "--warmup",
        "--duration", "--body-bytes", "--queues", "--drain", "--fill-threads", "--drain-timeout", "--pull-batch",
        "--jvm", "--dir", "--wharf-jar", "--rocketmq-home", "--jfr");
    /** The defaults {@code --replicated} sets; options given on the command line still win. */
    private static final Map<String, String> REPLICATED_DEFAULTS = Map.of("--flush", "SYNC", "--drain", "0",
        "--jvm", "-Xms1g -Xmx1g");

    public static final String USAGE = """
        BrokerLoadTool: Wharf and Apache RocketMQ side by side, each broker in its own child JVM on 127.0.0.1.
          --replicated                 the replicated comparison instead: a Wharf group of 3 nodes, RocketMQ
                                       SYNC_MASTER+SLAVE, RocketMQ on a 3-node DLedger group, one JVM per node;
                                       defaults then --flush SYNC --drain 0 --jvm "-Xms1g -Xmx1g" (per node)
          --brokers wharf,rocketmq     brokers under test (rocketmq needs the build with -Procketmq; without
                                       it the default is wharf alone); also wharf-group, rocketmq-master-slave,
                                       rocketmq-dledger (the --replicated set); the first is compared with the rest
          --flush SYNC,ASYNC           flush modes; each broker is started fresh in each
          --threads 16,64              producer threads per send step (synchronous sends, one producer)
          --prime 10s                  unmeasured load at the largest thread count after each broker start
          --warmup 5s --duration 10s   per send step; units ms or s
          --body-bytes 1024            message body size
          --queues 8                   queues per topic
          --drain 1000000              backlog drained by one consumer group (0: none), in the last flush mode
          --fill-threads 64            producer threads writing the backlog
          --drain-timeout 300s         bound of the backlog's fill and of its drain
          --pull-batch 0               messages per pull when draining; 0: each client's default (32 for both)
          --jvm "-Xms2g -Xmx2g"        JVM options of both broker JVMs
          --dir <path>                 parent of the temporary data directories (default: java.io.tmpdir)
          --wharf-jar <path>           the Wharf broker (default: broker/server/target/wharf-broker-server.jar)
          --wharf-set key=value        extra Wharf broker setting (repeatable), e.g. store.segment.bytes=1048576
                                       or cluster.ack=leader
          --rocketmq-set key=value     extra RocketMQ broker setting of every node (repeatable), e.g.
                                       inSyncReplicas=1
          --rocketmq-home <dir>        target dir of broker/benchmarks-rocketmq (default: found beside this jar)
          --jfr <dir>                  write a flight recording of each broker JVM there
        """;

    public BrokerLoadOptions {
        brokers = List.copyOf(brokers);
        flushModes = List.copyOf(flushModes);
        threadCounts = List.copyOf(threadCounts);
        jvmOptions = List.copyOf(jvmOptions);
        wharfLaunch = List.copyOf(wharfLaunch);
        wharfSettings = Map.copyOf(wharfSettings);
        rocketMqSettings = Map.copyOf(rocketMqSettings);
        if (brokers.isEmpty() || !BROKERS.containsAll(brokers)) {
            throw new IllegalArgumentException("--brokers takes some of " + BROKERS + ", got " + brokers);
        }
        if (flushModes.isEmpty() || threadCounts.isEmpty() || threadCounts.stream().anyMatch(t -> t <= 0)) {
            throw new IllegalArgumentException("give at least one flush mode and positive thread counts");
        }
        if (duration.isZero() || duration.isNegative() || warmup.isNegative() || prime.isNegative()
            || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("duration must be positive, warmup and drain timeout not negative");
        }
        if (bodyBytes <= 0 || queues <= 0 || drainMessages < 0 || fillThreads <= 0 || pullBatchSize < 0) {
            throw new IllegalArgumentException("sizes and counts must be positive");
        }
    }

    /** Parses {@code args}; unknown options raise {@link IllegalArgumentException}. */
    public static BrokerLoadOptions parse(String[] args) {
        Map<String, String> v = new LinkedHashMap<>();
        Map<String, String> wharfSettings = new LinkedHashMap<>();
        Map<String, String> rocketMqSettings = new LinkedHashMap<>();
        boolean replicated = Arrays.asList(args).contains(REPLICATED);
        args = Arrays.stream(args).filter(a -> !a.equals(REPLICATED)).toArray(String[]::new);
        if (replicated) {
            v.putAll(REPLICATED_DEFAULTS);
        }
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            if (args[i].equals("--wharf-set") || args[i].equals("--rocketmq-set")) {
                String[] kv = args[i + 1].split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException(args[i] + " takes key=value, got " + args[i + 1]);
                }
                (args[i].equals("--wharf-set") ? wharfSettings : rocketMqSettings).put(kv[0], kv[1]);
            } else if (OPTIONS.contains(args[i])) {
                v.put(args[i], args[i + 1]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Flush> flush = split(v.getOrDefault("--flush", "SYNC,ASYNC")).stream()
            .map(s -> Flush.valueOf(s.toUpperCase(Locale.ROOT))).toList();
        String wharfJar = v.getOrDefault("--wharf-jar", defaultWharfJar().toString());
        String rocketMqHome = v.get("--rocketmq-home");
        Path rocketMq = rocketMqHome != null ? Path.of(rocketMqHome) : defaultRocketMqHome();
        // Without the peer built (-Procketmq) the default is Wharf alone.
        String brokers = v.getOrDefault("--brokers", replicated
            ? (rocketMq != null ? String.join(",", WHARF_GROUP, ROCKETMQ_MASTER_SLAVE, ROCKETMQ_DLEDGER) : WHARF_GROUP)
            : (rocketMq != null ? WHARF + "," + ROCKETMQ : WHARF));
        return new BrokerLoadOptions(split(brokers), flush,
            split(v.getOrDefault("--threads", "16,64")).stream().map(Integer::parseInt).toList(),
            parseDuration(v.getOrDefault("--prime", "10s")),
            parseDuration(v.getOrDefault("--warmup", "5s")), parseDuration(v.getOrDefault("--duration", "10s")),
            Integer.parseInt(v.getOrDefault("--body-bytes", "1024")), Integer.parseInt(v.getOrDefault("--queues", "8")),
            Long.parseLong(v.getOrDefault("--drain", "1000000")),
            Integer.parseInt(v.getOrDefault("--fill-threads", "64")),
            parseDuration(v.getOrDefault("--drain-timeout", "300s")),
            Integer.parseInt(v.getOrDefault("--pull-batch", "0")),
            List.of(v.getOrDefault("--jvm", "-Xms2g -Xmx2g").trim().split("\\s+")),
            Path.of(v.getOrDefault("--dir", System.getProperty("java.io.tmpdir"))), List.of("-jar", wharfJar),
            wharfSettings, rocketMqSettings, rocketMq, v.containsKey("--jfr") ? Path.of(v.get("--jfr")) : null);
    }

    /** The directory holding this tool's jar: broker/benchmarks/target when run from the build. */
    private static Path ownDirectory() {
        try {
            Path self = Path.of(BrokerLoadOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self.getParent();
        } catch (URISyntaxException | SecurityException e) {
            return Path.of("broker/benchmarks/target");
        }
    }

    private static Path defaultWharfJar() {
        Path beside = ownDirectory().resolve("../../server/target/wharf-broker-server.jar").normalize();
        return Files.exists(beside) ? beside : Path.of("broker/server/target/wharf-broker-server.jar");
    }

    private static Path defaultRocketMqHome() {
        Path beside = ownDirectory().resolve("../../benchmarks-rocketmq/target").normalize();
        return Files.exists(beside.resolve(RocketMqPeer.PEER_JAR)) ? beside : null;
    }

    private static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}
