package io.wharf.benchmarks.broker;

import io.wharf.client.remoting.RemotingClient;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.body.ClusterLeaderResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A replicated Wharf group of three nodes ({@code node.id} n1, n2, n3; {@code cluster.members}
 * {@code n1@127.0.0.1:P1,n2@127.0.0.1:P2,n3@127.0.0.1:P3}; {@code cluster.ack} as configured, {@code majority} by
 * default), each in a child JVM of its own with its own data directory and ports. The tool waits until a node
 * answers {@code CLUSTER_LEADER} as the leader, creates the topics through the leader's admin API and then drives
 * the group with Wharf's client, bootstrapped with all three addresses, the leader's first (the client follows
 * {@code NOT_LEADER} to the leader by itself; listing the leader first only spares it that first hop).
 */
final class WharfClusterPeer {
    static final int NODES = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final long LEADER_POLL_MS = 200;
    private static final long REQUEST_TIMEOUT_MS = 2000;

    private WharfClusterPeer() {
    }

    static WharfPeer start(BrokerLoadOptions o, Flush flush, Path dir) throws IOException, InterruptedException {
        Set<Integer> taken = new HashSet<>();
        List<String> addresses = new ArrayList<>();
        List<String> members = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            String address = "127.0.0.1:" + LoopbackPorts.free(taken);
            addresses.add(address);
            members.add("n" + i + "@" + address);
        }
        List<ChildProcess> children = new ArrayList<>();
        List<Path> commitLogs = new ArrayList<>();
        try {
            for (int i = 1; i <= NODES; i++) {
                Map<String, String> node = new LinkedHashMap<>();
                node.put("node.id", "n" + i);
                node.put("broker.port", addresses.get(i - 1).substring(addresses.get(i - 1).lastIndexOf(':') + 1));
                node.put("cluster.members", String.join(",", members));
                Path nodeDir = dir.resolve("n" + i);
                children.add(WharfPeer.startNode(o, "wharf-n" + i + "-" + flush.name().toLowerCase(Locale.ROOT),
                    flush, nodeDir, node));
                commitLogs.add(WharfPeer.commitLogDir(nodeDir));
            }
            List<String> admins = new ArrayList<>();
            for (ChildProcess child : children) {
                child.await(WharfAnnouncements.BROKER_LINE, START_TIMEOUT);
                admins.add(child.await(WharfAnnouncements.ADMIN_LINE, START_TIMEOUT));
            }
            int leader = awaitLeader(addresses, children);
            WharfAnnouncements.createTopic(admins.get(leader), BrokerPeer.SEND_TOPIC, o.queues());
            WharfAnnouncements.createTopic(admins.get(leader), BrokerPeer.DRAIN_TOPIC, o.queues());
            List<String> bootstrap = new ArrayList<>(addresses);
            bootstrap.addFirst(bootstrap.remove(leader));
            return new WharfPeer(children, commitLogs, o, String.join(",", bootstrap));
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (ChildProcess child : children.reversed()) {
                child.close();
            }
            throw e;
        }
    }

    /**
     * Asks every node {@code CLUSTER_LEADER} until one says it leads; returns its index.
     *
     * @throws IllegalStateException when a node died or no leader was elected within the start timeout
     */
    private static int awaitLeader(List<String> addresses, List<ChildProcess> children) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        List<String> last = new ArrayList<>();
        try (RemotingClient client = new RemotingClient("bench-cluster-probe")) {
            while (System.nanoTime() < deadline) {
                last.clear();
                for (int i = 0; i < addresses.size(); i++) {
                    if (!children.get(i).isAlive()) {
                        throw new IllegalStateException("Wharf node n" + (i + 1) + " exited while electing");
                    }
                    Optional<ClusterLeaderResponse> r = ask(client, addresses.get(i), last);
                    if (r.isPresent() && r.get().leader()) {
                        return i;
                    }
                }
                Thread.sleep(LEADER_POLL_MS);
            }
        }
        throw new IllegalStateException("no Wharf node became leader within " + START_TIMEOUT.toSeconds()
            + " s; last answers: " + last);
    }

    private static Optional<ClusterLeaderResponse> ask(RemotingClient client, String address, List<String> answers)
        throws InterruptedException {
        try {
            ClusterLeaderResponse r = ClusterLeaderResponse.decode(client.request(address, Opcode.CLUSTER_LEADER,
                w -> { }, REQUEST_TIMEOUT_MS).get(REQUEST_TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS).reader());
            answers.add(address + ": " + r);
            return Optional.of(r);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            answers.add(address + ": " + e);
            return Optional.empty();
        }
    }
}
