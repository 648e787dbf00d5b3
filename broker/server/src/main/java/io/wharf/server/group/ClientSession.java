package io.wharf.server.group;

import io.netty.channel.Channel;
import io.wharf.protocol.body.ConsumerGroupInfo;
import java.util.List;

/**
 * What the broker knows of one connected client: its connection, when it last sent a heartbeat, and the groups
 * it belongs to.
 */
public record ClientSession(String clientId, Channel channel, long lastHeartbeatMs,
                            List<ConsumerGroupInfo> consumerGroups, List<String> producerGroups) {
}
