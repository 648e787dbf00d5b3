package io.wharf.benchmarks.rocketmq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.store.config.BrokerRole;
import org.apache.rocketmq.store.config.FlushDiskType;
import org.apache.rocketmq.store.config.MessageStoreConfig;

/**
 * One RocketMQ broker node in this JVM, optionally with the name server, bound to 127.0.0.1, everything it writes
 * under one directory. Settings are RocketMQ's defaults (1 GiB commit-log files, group commit for SYNC_FLUSH)
 * except the addresses, the store path, the flush type, the role and what {@code --set} gives. The topics are
 * created before the broker registers. The process prints {@code ready} once it is up and, when it runs the name
 * server, once the name server routes every topic to a master and knows {@code --await-brokers} nodes of the
 * group; it runs until killed.
 *
 * <pre>java -cp wharf-broker-benchmarks-rocketmq.jar:lib/* io.wharf.benchmarks.rocketmq.RocketMqBrokerMain
 *   --dir DIR --flush SYNC_FLUSH|ASYNC_FLUSH --broker-port Q --topics name:queues,...
 *   [--namesrv-port P (run the name server here) | --namesrv host:port (one running elsewhere)]
 *   [--role ASYNC_MASTER|SYNC_MASTER|SLAVE --broker-id N]
 *   [--dledger-peers n0-127.0.0.1:D0;n1-...;n2-... --dledger-self-id n0]
 *   [--await-brokers N] [--set key=value]...</pre>
 *
 * <p>{@code --set} takes any property of RocketMQ's {@code BrokerConfig} or {@code MessageStoreConfig} (as in a
 * broker.conf file), e.g. {@code inSyncReplicas=2} or {@code sendMessageThreadPoolNums=16}. With
 * {@code --dledger-peers} the commit log is a DLedger (Raft) group named after the broker
 * ({@code enableDLegerCommitLog=true}); the elected leader becomes the master, as with RocketMQ's own start-up.
 * The broker also listens on {@code Q - 2} (its "fast" port) and {@code Q + 1} (HA): keep them free.
 */
public final class RocketMqBrokerMain {
    private static final long ROUTE_TIMEOUT_MS = 120_000;
    private static final String LOOPBACK = "127.0.0.1";
    private static final String BROKER_NAME = "bench-broker";

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
        Properties settings = new Properties();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--set")) {
                String[] kv = args[i + 1].split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("--set takes key=value, got " + args[i + 1]);
                }
                settings.setProperty(kv[0], kv[1]);
            } else {
                opts.put(args[i], args[i + 1]);
            }
        }
        Path dir = Path.of(require(opts, "--dir")).toAbsolutePath();
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String t : require(opts, "--topics").split(",")) {
            String[] nameQueues = t.split(":");
            topics.put(nameQueues[0], Integer.parseInt(nameQueues[1]));
        }
        Files.createDirectories(dir);

        String ownNamesrvPort = opts.get("--namesrv-port");
        NamesrvController namesrv = ownNamesrvPort == null ? null
            : startNamesrv(dir, Integer.parseInt(ownNamesrvPort));
        String namesrvAddress = ownNamesrvPort != null ? LOOPBACK + ":" + ownNamesrvPort : require(opts, "--namesrv");
        BrokerController broker = startBroker(dir, opts, settings, namesrvAddress, topics);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.shutdown();
            if (namesrv != null) {
                namesrv.shutdown();
            }
            stopped.countDown();
        }, "rocketmq-peer-shutdown"));
        if (namesrv != null) {
            awaitRoutes(namesrv, topics.keySet(), Integer.parseInt(opts.getOrDefault("--await-brokers", "1")));
        }
        MessageStoreConfig store = broker.getMessageStoreConfig();
        System.out.printf("RocketMQ peer is up.%n  namesrv:      %s%n  broker:       %s:%s%n  role:         %s%n"
                + "  flush mode:   %s%n  store:        %s%nready%n", namesrvAddress, LOOPBACK, require(opts,
                "--broker-port"), store.isEnableDLegerCommitLog() ? "DLedger " + store.getdLegerSelfId()
                : store.getBrokerRole() + " (inSyncReplicas " + store.getInSyncReplicas() + ")",
            store.getFlushDiskType(), dir);
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

    private static BrokerController startBroker(Path dir, Map<String, String> opts, Properties settings,
                                                String namesrvAddress, Map<String, Integer> topics) throws Exception {
        int brokerPort = Integer.parseInt(require(opts, "--broker-port"));
        BrokerConfig config = new BrokerConfig();
        config.setRocketmqHome(dir.toString());
        config.setNamesrvAddr(namesrvAddress);
        config.setBrokerName(BROKER_NAME);
        config.setBrokerClusterName("bench-cluster");
        config.setBrokerIP1(LOOPBACK);
        config.setBrokerIP2(LOOPBACK);
        config.setListenPort(brokerPort);
        config.setBrokerId(Long.parseLong(opts.getOrDefault("--broker-id", "0")));
        NettyServerConfig server = new NettyServerConfig();
        server.setBindAddress(LOOPBACK);
        server.setListenPort(brokerPort);
        MessageStoreConfig store = new MessageStoreConfig();
        store.setStorePathRootDir(dir.resolve("store").toString());
        store.setStorePathCommitLog(dir.resolve("store/commitlog").toString());
        store.setFlushDiskType(FlushDiskType.valueOf(require(opts, "--flush")));
        store.setBrokerRole(BrokerRole.valueOf(opts.getOrDefault("--role", BrokerRole.ASYNC_MASTER.name())));
        store.setHaListenPort(brokerPort + 1);
        String peers = opts.get("--dledger-peers");
        if (peers != null) {
            store.setEnableDLegerCommitLog(true);
            store.setdLegerGroup(BROKER_NAME);
            store.setdLegerPeers(peers);
            store.setdLegerSelfId(require(opts, "--dledger-self-id"));
            // As RocketMQ's BrokerStartup does: the role change handler gives the leader id 0 once elected.
            config.setBrokerId(-1);
        }
        MixAll.properties2Object(settings, config);
        MixAll.properties2Object(settings, store);
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

    /** Waits until every topic routes to a master and the group has {@code brokers} nodes registered. */
    private static void awaitRoutes(NamesrvController namesrv, Iterable<String> topics, int brokers)
        throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUTE_TIMEOUT_MS);
        for (String topic : topics) {
            while (!routed(namesrv.getRouteInfoManager().pickupTopicRouteData(topic), brokers)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no route to a master with " + brokers + " nodes for topic "
                        + topic + " after " + ROUTE_TIMEOUT_MS + " ms: "
                        + namesrv.getRouteInfoManager().pickupTopicRouteData(topic));
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean routed(TopicRouteData route, int brokers) {
        if (route == null) {
            return false;
        }
        List<BrokerData> data = new ArrayList<>(route.getBrokerDatas());
        return data.stream().anyMatch(b -> b.getBrokerAddrs().containsKey(MixAll.MASTER_ID)
            && b.getBrokerAddrs().size() >= brokers);
    }

    private static String require(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return v;
    }
}
