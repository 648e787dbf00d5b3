package io.wharf.server.group;

import io.netty.channel.Channel;
import io.wharf.protocol.body.ConsumerGroupInfo;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live clients and the consumer and producer groups they belong to. A client joins with a heartbeat and leaves
 * by unregistering, by closing its connection, or by sending no heartbeat for the expiry time; the members of a
 * group are what consumers rebalance over.
 */
public final class ClientRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistry.class);

    private final InstantSource clock;
    private final long expiryMs;
    private final ConcurrentHashMap<String, ClientSession> clients = new ConcurrentHashMap<>();

    public ClientRegistry(InstantSource clock, long expiryMs) {
        this.clock = clock;
        this.expiryMs = expiryMs;
    }

    public void heartbeat(String clientId, Channel channel, List<ConsumerGroupInfo> consumers,
                          List<String> producers) {
        ClientSession previous = clients.put(clientId,
            new ClientSession(clientId, channel, clock.millis(), List.copyOf(consumers), List.copyOf(producers)));
        if (previous == null) {
            LOG.info("client {} joined from {} (consumer groups {}, producer groups {})", clientId,
                channel.remoteAddress(), consumers.stream().map(ConsumerGroupInfo::group).toList(), producers);
        }
    }

    public void unregister(String clientId) {
        if (clients.remove(clientId) != null) {
            LOG.info("client {} left", clientId);
        }
    }

    /**
     * Removes every client of a closed connection at once, so its queues are rebalanced without waiting;
     * returns their ids.
     */
    public List<String> channelClosed(Channel channel) {
        List<String> gone = new ArrayList<>();
        clients.values().removeIf(s -> {
            if (s.channel() == channel) {
                LOG.info("client {} disconnected", s.clientId());
                gone.add(s.clientId());
                return true;
            }
            return false;
        });
        return gone;
    }

    /** Drops clients whose last heartbeat is older than the expiry time; returns how many. */
    public int expire() {
        long now = clock.millis();
        int before = clients.size();
        clients.values().removeIf(s -> {
            boolean expired = now - s.lastHeartbeatMs() > expiryMs;
            if (expired) {
                LOG.warn("client {} expired: no heartbeat for {} ms", s.clientId(), now - s.lastHeartbeatMs());
            }
            return expired;
        });
        return before - clients.size();
    }

    /** The client ids of a consumer group's members, sorted (every member computes the same assignment). */
    public List<String> consumersOf(String group) {
        List<String> ids = new ArrayList<>();
        for (ClientSession s : clients.values()) {
            if (s.consumerGroups().stream().anyMatch(g -> g.group().equals(group))) {
                ids.add(s.clientId());
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Live connections of a producer group's members (for broker-initiated requests). */
    public List<Channel> producersOf(String group) {
        return clients.values().stream().filter(s -> s.producerGroups().contains(group))
            .map(ClientSession::channel).filter(Channel::isActive).toList();
    }

    public Optional<ClientSession> find(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    /** Every known consumer group with its members. */
    public Map<String, List<String>> consumerGroups() {
        Map<String, List<String>> out = new TreeMap<>();
        for (ClientSession s : clients.values()) {
            for (ConsumerGroupInfo g : s.consumerGroups()) {
                out.computeIfAbsent(g.group(), k -> new ArrayList<>()).add(s.clientId());
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }
}
