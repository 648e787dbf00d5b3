package io.wharf.benchmarks.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Apache RocketMQ's classic replicated pair: a {@code SYNC_MASTER} (brokerId 0, with the name server in its JVM)
 * and a {@code SLAVE} (brokerId 1) of the same broker name, each in a child JVM of its own with its own store and
 * ports; the slave finds the master through the name server and replicates over RocketMQ's HA port. The client
 * sends to the master, which it finds through the name server.
 *
 * <p>The master gets {@code inSyncReplicas=2}: RocketMQ 5's commit log waits for the slave only when more than
 * one replica must hold a message; with the default of 1 a {@code SYNC_MASTER} answers as soon as its own flush is
 * done, like an {@code ASYNC_MASTER} ({@code CommitLog.handleHA} returns {@code PUT_OK} at once for 0 or 1), which
 * would not be a replicated send. {@code --rocketmq-set inSyncReplicas=1} measures that default.
 */
final class RocketMqMasterSlavePeer {
    private RocketMqMasterSlavePeer() {
    }

    static RocketMqPeer start(BrokerLoadOptions o, Flush flush, Path dir) throws IOException, InterruptedException {
        Set<Integer> taken = new HashSet<>();
        int namesrvPort = LoopbackPorts.free(taken);
        int masterPort = LoopbackPorts.free(taken);
        int slavePort = LoopbackPorts.free(taken);
        String namesrv = "127.0.0.1:" + namesrvPort;
        Map<String, List<String>> nodes = new LinkedHashMap<>();
        nodes.put("master", List.of("--namesrv-port", Integer.toString(namesrvPort), "--await-brokers", "2",
            "--broker-port", Integer.toString(masterPort), "--role", "SYNC_MASTER", "--broker-id", "0",
            "--set", "inSyncReplicas=2", "--set", "totalReplicas=2"));
        nodes.put("slave", List.of("--namesrv", namesrv, "--broker-port", Integer.toString(slavePort),
            "--role", "SLAVE", "--broker-id", "1"));
        return RocketMqPeer.startGroup(o, flush, dir, nodes, namesrv);
    }
}
