package io.wharf.benchmarks.broker;

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
import io.wharf.protocol.ReceivedMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The Wharf broker ({@code io.wharf.server.BrokerMain}) in a child JVM on free loopback ports, its data in the
 * step's directory, with the benchmark's topics created through the admin API; driven by Wharf's client.
 */
final class WharfPeer implements BrokerPeer {
    private static final String DEFAULT_SEGMENT_BYTES = Integer.toString(1 << 30);
    /** Zero-filling a 1 GiB segment alone takes about 5 s here. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final ChildProcess child;
    private final Path commitLogDir;
    private final long segmentBytes;
    private final String address;
    private final int bodyBytes;
    private final int pullBatchSize;

    private WharfPeer(ChildProcess child, Path commitLogDir, long segmentBytes, String address, int bodyBytes,
                      int pullBatchSize) {
        this.child = child;
        this.commitLogDir = commitLogDir;
        this.segmentBytes = segmentBytes;
        this.address = address;
        this.bodyBytes = bodyBytes;
        this.pullBatchSize = pullBatchSize;
    }

    static WharfPeer start(BrokerLoadOptions o, Flush flush, Path dir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(JavaCommand.base(o, "wharf-" + flush.name().toLowerCase()));
        cmd.add("-Dwharf.node.id=bench");
        cmd.add("-Dwharf.data.dir=" + dir.resolve("data"));
        cmd.add("-Dwharf.broker.host=127.0.0.1");
        cmd.add("-Dwharf.admin.host=127.0.0.1");
        cmd.add("-Dwharf.broker.port=0");
        cmd.add("-Dwharf.admin.port=0");
        cmd.add("-Dwharf.store.flush.mode=" + flush.wharfName());
        o.wharfSettings().forEach((k, v) -> cmd.add("-Dwharf." + k + "=" + v));
        cmd.addAll(o.wharfLaunch());
        ChildProcess child = ChildProcess.start("wharf-broker", cmd, dir.resolve("broker.log"));
        try {
            String address = child.await(WharfAnnouncements.BROKER_LINE, START_TIMEOUT);
            String admin = child.await(WharfAnnouncements.ADMIN_LINE, START_TIMEOUT);
            WharfAnnouncements.createTopic(admin, SEND_TOPIC, o.queues());
            WharfAnnouncements.createTopic(admin, DRAIN_TOPIC, o.queues());
            boolean preallocated = Boolean.parseBoolean(o.wharfSettings().getOrDefault("store.preallocate", "true"));
            long segmentBytes = !preallocated ? 0
                : Long.parseLong(o.wharfSettings().getOrDefault("store.segment.bytes", DEFAULT_SEGMENT_BYTES));
            return new WharfPeer(child, dir.resolve("data/store/commitlog"), segmentBytes, address, o.bodyBytes(),
                o.pullBatchSize());
        } catch (IOException | InterruptedException | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    @Override
    public MessageSender sender(String topic) {
        Producer producer = new Producer(ProducerConfig.builder("bench-producer", address).build());
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(commitLogDir)) {
                List<Path> all = files.toList();
                boolean full = true;
                for (Path f : all) {
                    full &= Files.size(f) >= segmentBytes;
                }
                if (all.size() >= 2 && full) {
                    return;
                }
            } catch (IOException e) {
                // A prepared segment renamed while listing: look again.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Wharf broker's segments were not preallocated within " + timeout);
    }

    @Override
    public long pid() {
        return child.pid();
    }

    @Override
    public void close() throws InterruptedException {
        child.close();
    }
}
