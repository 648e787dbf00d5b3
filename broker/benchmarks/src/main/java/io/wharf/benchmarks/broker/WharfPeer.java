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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * The Wharf broker ({@code io.wharf.server.BrokerMain}) in a child JVM on free loopback ports, its data in the
 * step's directory, with the benchmark's topics created through the admin API; driven by Wharf's client.
 */
final class WharfPeer implements BrokerPeer {
    private static final Pattern BROKER_LINE = Pattern.compile("^\\s*broker:\\s+(\\S+:\\d+)\\s*$");
    private static final Pattern ADMIN_LINE = Pattern.compile("^\\s*admin/health:\\s+(http://\\S+)/health\\s*$");
    /** Zero-filling a 1 GiB segment alone takes about 5 s here. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final ChildProcess child;
    private final String address;
    private final int bodyBytes;
    private final int pullBatchSize;

    private WharfPeer(ChildProcess child, String address, int bodyBytes, int pullBatchSize) {
        this.child = child;
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
            String address = child.await(BROKER_LINE, START_TIMEOUT);
            String admin = child.await(ADMIN_LINE, START_TIMEOUT);
            createTopic(admin, SEND_TOPIC, o.queues());
            createTopic(admin, DRAIN_TOPIC, o.queues());
            return new WharfPeer(child, address, o.bodyBytes(), o.pullBatchSize());
        } catch (IOException | InterruptedException | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    private static void createTopic(String admin, String name, int queues) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest post = HttpRequest.newBuilder(URI.create(admin + "/admin/topics"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"queues\":" + queues + "}"))
                .build();
            HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("creating topic " + name + " failed: " + r.statusCode() + " "
                    + r.body());
            }
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

    @Override
    public long pid() {
        return child.pid();
    }

    @Override
    public void close() throws InterruptedException {
        child.close();
    }
}
