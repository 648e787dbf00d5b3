package io.wharf.benchmarks.broker;

import io.wharf.client.ClientTls;
import io.wharf.client.Message;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SendResult;
import io.wharf.client.producer.SendStatus;
import io.wharf.client.ReceivedMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The Wharf broker ({@code io.wharf.server.BrokerMain}) in a child JVM on free loopback ports, its data in the
 * step's directory, with the benchmark's topics created through the admin API; driven by Wharf's client. A
 * replicated group ({@link WharfClusterPeer}) is the same with one child JVM per node.
 */
final class WharfPeer implements BrokerPeer {
    private static final String DEFAULT_SEGMENT_BYTES = Integer.toString(1 << 30);
    /** Zero-filling a 1 GiB segment alone takes about 5 s here. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How long a node's full segments must stay unchanged for {@link #settle} to take them as all there is. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    private final List<ChildProcess> children;
    private final List<Path> commitLogDirs;
    private final long segmentBytes;
    private final String address;
    private final int bodyBytes;
    private final int pullBatchSize;
    private final Secured secured;

    /** How an authenticated TLS client connects: its account and its TLS settings. */
    private record Secured(String accessKey, String secretKey, ClientTls tls) {
    }

    /**
     * A started broker (or group of nodes) the tool drives.
     *
     * @param children      the node JVMs, in the order started
     * @param commitLogDirs every node's commit-log directory, watched by {@link #settle}
     * @param address       the client's bootstrap: one {@code host:port}, or the group's, comma-separated
     */
    WharfPeer(List<ChildProcess> children, List<Path> commitLogDirs, BrokerLoadOptions o, String address) {
        this(children, commitLogDirs, o, address, null);
    }

    private WharfPeer(List<ChildProcess> children, List<Path> commitLogDirs, BrokerLoadOptions o, String address,
                      Secured secured) {
        this.secured = secured;
        this.children = List.copyOf(children);
        this.commitLogDirs = List.copyOf(commitLogDirs);
        boolean preallocated = Boolean.parseBoolean(o.wharfSettings().getOrDefault("store.preallocate", "true"));
        this.segmentBytes = !preallocated ? 0
            : Long.parseLong(o.wharfSettings().getOrDefault("store.segment.bytes", DEFAULT_SEGMENT_BYTES));
        this.address = address;
        this.bodyBytes = o.bodyBytes();
        this.pullBatchSize = o.pullBatchSize();
    }

    static WharfPeer start(BrokerLoadOptions o, Flush flush, Path dir) throws IOException, InterruptedException {
        ChildProcess child = startNode(o, "wharf-" + flush.name().toLowerCase(Locale.ROOT), flush, dir,
            Map.of("node.id", "bench", "broker.port", "0"));
        try {
            String address = child.await(WharfAnnouncements.BROKER_LINE, START_TIMEOUT);
            String admin = child.await(WharfAnnouncements.ADMIN_LINE, START_TIMEOUT);
            WharfAnnouncements.createTopic(admin, SEND_TOPIC, o.queues());
            WharfAnnouncements.createTopic(admin, DRAIN_TOPIC, o.queues());
            return new WharfPeer(List.of(child), List.of(commitLogDir(dir)), o, address);
        } catch (IOException | InterruptedException | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /**
     * One node with everything on: TLS with required client certificates (from {@code deploy/tls/dev-certs.sh},
     * run in the working directory, the checkout), ACL with one account allowed the benchmark's topics and groups,
     * and admin tokens. The client authenticates every connection and presents its certificate.
     */
    static WharfPeer startSecure(BrokerLoadOptions o, Flush flush, Path dir) throws IOException,
        InterruptedException {
        Path certs = dir.resolve("tls");
        Process p = new ProcessBuilder("bash", "deploy/tls/dev-certs.sh", certs.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("deploy/tls/dev-certs.sh failed (run the tool from the checkout)");
        }
        Path accounts = dir.resolve("accounts.json");
        Files.writeString(accounts, "{\"accounts\": [{\"accessKey\": \"bench\", \"secretKey\": \"bench-secret-1\", "
            + "\"topics\": {\"*\": \"PUB|SUB\"}, \"groups\": {\"bench-*\": \"SUB\"}}]}");
        String token = "bench-admin-token-0123456789";
        Map<String, String> node = new LinkedHashMap<>();
        node.put("node.id", "bench");
        node.put("broker.port", "0");
        node.put("tls.enabled", "true");
        node.put("tls.cert", certs.resolve("broker.pem").toString());
        node.put("tls.key", certs.resolve("broker.key").toString());
        node.put("tls.ca", certs.resolve("ca.pem").toString());
        node.put("tls.client.auth", "require");
        node.put("acl.enabled", "true");
        node.put("acl.accounts.file", accounts.toString());
        node.put("admin.token.admin", token);
        ChildProcess child = startNode(o, "wharf-secure-" + flush.name().toLowerCase(Locale.ROOT), flush, dir, node);
        try {
            String address = child.await(WharfAnnouncements.BROKER_LINE, START_TIMEOUT);
            String admin = child.await(WharfAnnouncements.ADMIN_LINE, START_TIMEOUT);
            WharfAnnouncements.createTopic(admin, SEND_TOPIC, o.queues(), token);
            WharfAnnouncements.createTopic(admin, DRAIN_TOPIC, o.queues(), token);
            return new WharfPeer(List.of(child), List.of(commitLogDir(dir)), o, address, new Secured("bench",
                "bench-secret-1", ClientTls.of(certs.resolve("ca.pem"), certs.resolve("client.pem"),
                    certs.resolve("client.key"))));
        } catch (IOException | InterruptedException | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /**
     * Starts one Wharf node ({@code BrokerMain}) in a child JVM with the shared JVM options, its data in
     * {@code dir/data}, its log in {@code dir/<label>.log}, loopback addresses, an ephemeral admin port, the flush
     * mode, {@code node} (node id, broker port, cluster settings) and the extra {@code --wharf-set} settings last.
     */
    static ChildProcess startNode(BrokerLoadOptions o, String label, Flush flush, Path dir, Map<String, String> node)
        throws IOException {
        List<String> cmd = new ArrayList<>(JavaCommand.base(o, label));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("data.dir", dir.resolve("data").toString());
        settings.put("broker.host", "127.0.0.1");
        settings.put("admin.host", "127.0.0.1");
        settings.put("admin.port", "0");
        settings.put("store.flush.mode", flush.wharfName());
        settings.putAll(node);
        settings.putAll(o.wharfSettings());
        settings.forEach((k, v) -> cmd.add("-Dwharf." + k + "=" + v));
        cmd.addAll(o.wharfLaunch());
        return ChildProcess.start(label, cmd, dir.resolve(label + ".log"));
    }

    /** Where the node started in {@code dir} keeps its commit log. */
    static Path commitLogDir(Path dir) {
        return dir.resolve("data/store/commitlog");
    }

    @Override
    public MessageSender sender(String topic) {
        ProducerConfig.Builder config = ProducerConfig.builder("bench-producer", address);
        if (secured != null) {
            config.credentials(secured.accessKey(), secured.secretKey()).tls(secured.tls());
        }
        Producer producer = new Producer(config.build());
        producer.start();
        return new MessageSender() {
            @Override
            public void send(byte[] body) {
                SendResult r = producer.send(Message.of(topic, body));
                if (r.sendStatus() != SendStatus.SEND_OK) {
                    throw new IllegalStateException("send status " + r.sendStatus());
                }
            }

            @Override
            public void close() {
                producer.shutdown();
            }
        };
    }

    @Override
    public DrainResult drain(long expected, Duration timeout, LongConsumer progress) throws InterruptedException {
        ConsumerConfig.Builder config = ConsumerConfig.builder("bench-drain-" + System.nanoTime(), address)
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        if (pullBatchSize > 0) {
            config.pullBatchSize(pullBatchSize);
        }
        if (secured != null) {
            config.credentials(secured.accessKey(), secured.secretKey()).tls(secured.tls());
        }
        PushConsumer consumer = new PushConsumer(config.build());
        consumer.subscribe(DRAIN_TOPIC, "*");
        DrainCounter counter = new DrainCounter(expected, bodyBytes);
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            counter.delivered(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        try {
            return counter.await(timeout, progress);
        } finally {
            consumer.shutdown();
        }
    }

    /**
     * The first write creates the first commit-log segment (zero-filled on the writer's path) and starts zero-filling
     * the next one in the background: about 10 s of disk writes at start-up that a measured step must not see.
     * Waits until every segment file has its full size.
     */
    @Override
    public void settle(Duration timeout) throws InterruptedException {
        if (segmentBytes == 0) {
            return;
        }
        // Each node zero-fills its own segments, all on the one disk: each gets the whole timeout.
        for (Path dir : commitLogDirs) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<String, Long> last = Map.of();
            long quietSince = System.nanoTime();
            while (true) {
                Map<String, Long> now = sizes(dir);
                if (!now.equals(last)) {
                    last = now;
                    quietSince = System.nanoTime();
                }
                boolean full = !now.isEmpty() && now.values().stream().allMatch(size -> size >= segmentBytes);
                // Two full segments: the first and the prepared next one. A node that prepares no next segment
                // (a group member may not) is done once its full first segment stayed as it is for a while.
                if (full && (now.size() >= 2 || System.nanoTime() - quietSince >= QUIET.toNanos())) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Wharf broker's segments in " + dir
                        + " were not preallocated within " + timeout + ": " + now);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Every file in {@code dir} with its size; empty when there is none (yet). */
    private static Map<String, Long> sizes(Path dir) {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), Files.size(f));
            }
        } catch (IOException e) {
            // Not created yet, or a prepared segment renamed while listing: look again.
            return Map.of();
        }
        return out;
    }

    @Override
    public long pid() {
        return children.getFirst().pid();
    }

    @Override
    public void close() throws InterruptedException {
        for (ChildProcess child : children.reversed()) {
            child.close();
        }
    }
}
