package io.wharf.server.cluster;

import io.wharf.protocol.auth.Credentials;
import io.wharf.server.tls.TlsSettings;
import java.util.Collections;
import io.wharf.raft.RaftOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A broker group: every member's id and client address ({@code cluster.members = n1@host:port,...}), this node's
 * id, the acknowledgement mode and the Raft timing.
 *
 * @param members member id → client address (the broker port; Raft traffic uses it too)
 * @param ack when a send is acknowledged
 * @param commitTimeoutMs how long a send waits for the majority before FLUSH_SLAVE_TIMEOUT
 * @param secret the members' shared secret ({@code cluster.secret}), or null: Raft traffic is not authenticated
 * @param tls the port's TLS settings, which the links to the other members use too, or null
 * @param joining true ({@code cluster.join}): this node is not in {@code members} yet; it follows without
 *                campaigning until the group's leader adds it (POST /admin/cluster/members)
 */
public record ClusterConfig(String self, Map<String, String> members, AckMode ack, RaftOptions raft,
                            long commitTimeoutMs, String secret, TlsSettings tls,
                            boolean joining) {
    /** When a send is acknowledged. */
    public enum AckMode {
        /** Once the record is durable on a majority of the group (leader included) and committed. */
        MAJORITY,
        /** Once the record is durable on the leader; replication follows. A leader crash can lose it. */
        LEADER
    }

    public ClusterConfig {
        if (!members.containsKey(self) && !joining) {
            throw new IllegalArgumentException("node.id '" + self + "' is not one of cluster.members "
                + members.keySet() + " (a node joining a running group sets cluster.join=true)");
        }
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        secret = secret == null || secret.isEmpty() ? null : secret;
        if (secret != null && secret.length() < 16) {
            throw new IllegalArgumentException("cluster.secret must have at least 16 characters");
        }
    }

    /** What this member proves itself with to the others, or null without a secret. */
    public Credentials memberCredentials() {
        return secret == null ? null : new Credentials("member:" + self, secret);
    }

    /** Parses {@code id@host:port,id@host:port,...}. */
    public static Map<String, String> parseMembers(String list) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String item : list.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int at = s.indexOf('@');
            int colon = s.lastIndexOf(':');
            if (at <= 0 || colon < at + 2 || colon == s.length() - 1
                || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("cluster.members entries look like id@host:port, got '" + s + "'");
            }
            if (m.put(s.substring(0, at), s.substring(at + 1)) != null) {
                throw new IllegalArgumentException("member id '" + s.substring(0, at) + "' appears twice");
            }
        }
        return m;
    }

    public static AckMode parseAck(String value) {
        try {
            return AckMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cluster.ack must be majority or leader, got '" + value + "'", e);
        }
    }
}
