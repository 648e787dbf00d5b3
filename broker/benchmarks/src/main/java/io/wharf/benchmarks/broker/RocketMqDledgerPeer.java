package io.wharf.benchmarks.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Apache RocketMQ on DLedger: a Raft group of three broker nodes ({@code enableDLegerCommitLog=true}, one
 * {@code dLegerGroup}, {@code dLegerPeers=n0-127.0.0.1:port;n1-...;n2-...}, {@code dLegerSelfId} n0, n1, n2), each
 * in a child JVM of its own with its own store and ports, with {@code sendMessageThreadPoolNums=16} as RocketMQ's
 * sample DLedger configuration ({@code conf/dledger/broker-n0.conf}) has it. The name server runs in n0's JVM;
 * the elected leader registers there as the master (brokerId 0), and the client finds it through the name server.
 *
 * <p>A DLedger commit log answers once a majority of the group appended the entry; it flushes on DLedger's own
 * timer, so {@code flushDiskType} does not change what a send waits for (it is passed all the same).
 */
final class RocketMqDledgerPeer {
    static final int NODES = 3;

    private RocketMqDledgerPeer() {
    }

    static RocketMqPeer start(BrokerLoadOptions o, Flush flush, Path dir) throws IOException, InterruptedException {
        Set<Integer> taken = new HashSet<>();
        int namesrvPort = LoopbackPorts.free(taken);
        String namesrv = "127.0.0.1:" + namesrvPort;
        List<String> peers = new ArrayList<>();
        List<Integer> brokerPorts = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            brokerPorts.add(LoopbackPorts.free(taken));
            peers.add("n" + i + "-127.0.0.1:" + LoopbackPorts.free(taken));
        }
        Map<String, List<String>> nodes = new LinkedHashMap<>();
        for (int i = 0; i < NODES; i++) {
            List<String> args = new ArrayList<>(i == 0
                ? List.of("--namesrv-port", Integer.toString(namesrvPort), "--await-brokers", Integer.toString(NODES))
                : List.of("--namesrv", namesrv));
            args.addAll(List.of("--broker-port", Integer.toString(brokerPorts.get(i)), "--dledger-peers",
                String.join(";", peers), "--dledger-self-id", "n" + i, "--set", "sendMessageThreadPoolNums=16"));
            nodes.put("n" + i, args);
        }
        return RocketMqPeer.startGroup(o, flush, dir, nodes, namesrv);
    }
}
