package io.wharf.benchmarks.rocketmq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.store.config.FlushDiskType;
import org.apache.rocketmq.store.config.MessageStoreConfig;

/**
 * A RocketMQ name server and one broker in this JVM, bound to 127.0.0.1, everything they write under one
 * directory. Settings are RocketMQ's defaults (1 GiB commit-log files, group commit for SYNC_FLUSH) except the
 * addresses, the store path and the flush type. The topics are created before the broker registers, and the
 * process prints {@code ready} once the name server routes every one of them; it runs until killed.
 *
 * <pre>java -cp wharf-broker-benchmarks-rocketmq.jar:lib/* io.wharf.benchmarks.rocketmq.RocketMqBrokerMain
 *   --dir DIR --flush SYNC_FLUSH|ASYNC_FLUSH --namesrv-port P --broker-port Q --topics name:queues,...</pre>
 *
 * <p>The broker also listens on {@code Q - 2} (its "fast" port) and {@code Q + 1} (HA): keep them free.
 */
public final class RocketMqBrokerMain {
    private static final long ROUTE_TIMEOUT_MS = 60_000;
    private static final String LOOPBACK = "127.0.0.1";

    private RocketMqBrokerMain() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            // RocketMQ's non-daemon threads would keep a half-started JVM alive.
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        // What RocketMQ's own start-up classes do first: without it requests carry version 0, and the name server
        // ignores the topics of a broker that old.
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        Path dir = Path.of(require(opts, "--dir")).toAbsolutePath();
        FlushDiskType flush = FlushDiskType.valueOf(require(opts, "--flush"));
        int namesrvPort = Integer.parseInt(require(opts, "--namesrv-port"));
        int brokerPort = Integer.parseInt(require(opts, "--broker-port"));
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String t : require(opts, "--topics").split(",")) {
            String[] nameQueues = t.split(":");
            topics.put(nameQueues[0], Integer.parseInt(nameQueues[1]));
        }
        Files.createDirectories(dir);

        NamesrvController namesrv = startNamesrv(dir, namesrvPort);
        BrokerController broker = startBroker(dir, flush, namesrvPort, brokerPort, topics);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.shutdown();
            namesrv.shutdown();
            stopped.countDown();
        }, "rocketmq-peer-shutdown"));
        awaitRoutes(namesrv, topics.keySet());
        System.out.printf("RocketMQ peer is up.%n  namesrv:      %s:%d%n  broker:       %s:%d%n  flush mode:   %s%n"
            + "  store:        %s%nready%n", LOOPBACK, namesrvPort, LOOPBACK, brokerPort, flush, dir);
        System.out.flush();
        stopped.await();
    }

    private static NamesrvController startNamesrv(Path dir, int port) throws Exception {
        NamesrvConfig config = new NamesrvConfig();
        config.setRocketmqHome(dir.toString());
        config.setKvConfigPath(dir.resolve("namesrv/kvConfig.json").toString());
        config.setConfigStorePath(dir.resolve("namesrv/namesrv.properties").toString());
        NettyServerConfig server = new NettyServerConfig();
        server.setBindAddress(LOOPBACK);
        server.setListenPort(port);
        NamesrvController namesrv = new NamesrvController(config, server, new NettyClientConfig());
        if (!namesrv.initialize()) {
            throw new IllegalStateException("RocketMQ name server did not initialize");
        }
        namesrv.start();
        return namesrv;
    }

    private static BrokerController startBroker(Path dir, FlushDiskType flush, int namesrvPort, int brokerPort,
                                                Map<String, Integer> topics) throws Exception {
        BrokerConfig config = new BrokerConfig();
        config.setRocketmqHome(dir.toString());
        config.setNamesrvAddr(LOOPBACK + ":" + namesrvPort);
        config.setBrokerName("bench-broker");
        config.setBrokerClusterName("bench-cluster");
        config.setBrokerIP1(LOOPBACK);
        config.setBrokerIP2(LOOPBACK);
        config.setListenPort(brokerPort);
        NettyServerConfig server = new NettyServerConfig();
        server.setBindAddress(LOOPBACK);
        server.setListenPort(brokerPort);
        MessageStoreConfig store = new MessageStoreConfig();
        store.setStorePathRootDir(dir.resolve("store").toString());
        store.setStorePathCommitLog(dir.resolve("store/commitlog").toString());
        store.setFlushDiskType(flush);
        store.setHaListenPort(brokerPort + 1);
        BrokerController broker = new BrokerController(config, server, new NettyClientConfig(), store);
        if (!broker.initialize()) {
            throw new IllegalStateException("RocketMQ broker did not initialize");
        }
        int perm = PermName.PERM_READ | PermName.PERM_WRITE;
        topics.forEach((name, queues) -> broker.getTopicConfigManager()
            .updateTopicConfig(new TopicConfig(name, queues, queues, perm)));
        broker.start();
        return broker;
    }

    private static void awaitRoutes(NamesrvController namesrv, Iterable<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUTE_TIMEOUT_MS);
        for (String topic : topics) {
            while (namesrv.getRouteInfoManager().pickupTopicRouteData(topic) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no route for topic " + topic + " after " + ROUTE_TIMEOUT_MS
                        + " ms");
                }
                Thread.sleep(50);
            }
        }
    }

    private static String require(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return v;
    }
}
