package io.wharf.client.facade;

import io.wharf.client.consumer.ConsumerStatus;
import java.util.List;

/**
 * A snapshot of a {@link WharfClient} for health checks and metrics.
 *
 * @param name              the client's name
 * @param open              false once closed
 * @param connected         broker addresses with an open connection now
 * @param brokerGroups      per bootstrap list: the leader and the last successful heartbeat
 * @param consumers         each consumer's assigned queues and lag
 * @param runningProducers  producers started and not yet shut down
 */
public record ClientStatus(String name, boolean open, List<String> connected, List<BrokerGroup> brokerGroups,
                           List<ConsumerStatus> consumers, int runningProducers) {
    public ClientStatus {
        connected = List.copyOf(connected);
        brokerGroups = List.copyOf(brokerGroups);
        consumers = List.copyOf(consumers);
    }

    /** True when every broker group this client talks to has a leader it is connected to. */
    public boolean leadersReachable() {
        return !brokerGroups.isEmpty() && brokerGroups.stream().allMatch(BrokerGroup::leaderConnected);
    }

    /**
     * One broker group (bootstrap list) as the client sees it.
     *
     * @param bootstrap       the bootstrap list
     * @param leader          the address that last answered as leader, or null before any did
     * @param leaderConnected true when a connection to that leader is open
     * @param lastHeartbeatMs when a heartbeat there last succeeded (epoch millis), 0 before any did
     */
    public record BrokerGroup(String bootstrap, String leader, boolean leaderConnected, long lastHeartbeatMs) {
    }
}
