package io.wharf.server.auth;

import java.util.function.Supplier;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.ProtocolException;
import io.wharf.protocol.Status;
import io.wharf.protocol.SystemTopics;
import io.wharf.protocol.auth.AuthProof;
import io.wharf.protocol.body.AuthChallengeResponse;
import io.wharf.protocol.body.AuthRequest;
import io.wharf.server.common.BrokerException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what on the protocol port. Three independent guards:
 * <ul>
 *   <li>the broker's own topics are closed to every client, ACL or not (half and op records, delay and timer waits,
 *   the group's records and dead-letter queues; the trace topic takes trace records but is read through the trace
 *   API; a retry topic is consumed only by its own group);</li>
 *   <li>with {@code acl.enabled} a connection must authenticate as an account (AUTH_CHALLENGE, AUTH) before any
 *   other request, and each request needs the account's permission on its topic and group;</li>
 *   <li>with a {@code cluster.secret} only a connection authenticated as a member of the group may send Raft
 *   messages.</li>
 * </ul>
 * A refusal is answered AUTH_FAILED or NO_PERMISSION, logged and counted; a failed AUTH or a stranger's Raft frame
 * closes the connection.
 */
public final class AccessControl {
    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
    private static final AttributeKey<byte[]> NONCE = AttributeKey.valueOf("wharf.auth.nonce");
    private static final AttributeKey<String> WHO = AttributeKey.valueOf("wharf.auth.who");

    private final boolean aclEnabled;
    private final Accounts accounts;
    private final String clusterSecret;
    private final Supplier<Set<String>> members;
    private final LongAdder authFailures = new LongAdder();
    private final Map<Opcode, LongAdder> denials = new EnumMap<>(Opcode.class);

    /**
     * @param aclEnabled    true: every request needs an authenticated account with the permission
     * @param accounts      the accounts (may be null when ACL is off)
     * @param clusterSecret the members' shared secret, or null: Raft traffic is then not authenticated
     * @param members       the node ids of the group's members
     */
    public AccessControl(boolean aclEnabled, Accounts accounts, String clusterSecret, Set<String> members) {
        this(aclEnabled, accounts, clusterSecret, () -> members);
    }

    /** As above, the group's members (and learners) as they are now: {@code members} is asked at each AUTH. */
    public AccessControl(boolean aclEnabled, Accounts accounts, String clusterSecret,
                         Supplier<Set<String>> members) {
        if (aclEnabled && accounts == null) {
            throw new IllegalArgumentException("ACL needs accounts");
        }
        this.aclEnabled = aclEnabled;
        this.accounts = accounts;
        this.clusterSecret = clusterSecret == null || clusterSecret.isEmpty() ? null : clusterSecret;
        this.members = members;
        for (Opcode o : Opcode.values()) {
            denials.put(o, new LongAdder());
        }
    }

    /** No ACL, no cluster secret: only the broker's own topics are protected. */
    public static AccessControl open() {
        return new AccessControl(false, null, null, Set.of());
    }

    public boolean aclEnabled() {
        return aclEnabled;
    }

    /** Connections refused at AUTH, and requests refused for want of authentication. */
    public long authFailures() {
        return authFailures.sum();
    }

    /** Requests refused with NO_PERMISSION, by opcode. */
    public Map<Opcode, Long> denials() {
        Map<Opcode, Long> out = new EnumMap<>(Opcode.class);
        denials.forEach((o, n) -> out.put(o, n.sum()));
        return out;
    }

    /** AUTH_CHALLENGE: a fresh nonce for this connection (a second challenge replaces the first). */
    public AuthChallengeResponse challenge(Channel channel) {
        byte[] nonce = AuthProof.nonce();
        channel.attr(NONCE).set(nonce);
        return new AuthChallengeResponse(nonce);
    }

    /**
     * AUTH: checks the proof against the account's secret (or, for {@code member:<id>}, the cluster secret). A
     * failure throws a ProtocolException with AUTH_FAILED, which closes the connection after the answer. With ACL
     * off an account's AUTH is accepted unchecked (the connection stays anonymous, which is all it needs).
     */
    public void authenticate(Channel channel, AuthRequest request) {
        byte[] nonce = channel.attr(NONCE).getAndSet(null);
        String key = request.accessKey();
        if (nonce == null) {
            throw refusedAuth(channel, key, "AUTH must follow AUTH_CHALLENGE on the same connection");
        }
        if (!aclEnabled && !key.startsWith(Principal.MEMBER_PREFIX)) {
            // Without ACL there is nothing to prove: a client that has credentials already (ACL about to be turned
            // on, or another environment's settings) is served as it would be without them.
            LOG.debug("{} sent credentials for '{}'; ACL is off, nothing checked", channel.remoteAddress(), key);
            return;
        }
        String secret = secretOf(key);
        if (secret == null || !AuthProof.matches(AuthProof.compute(secret, key, nonce, request.clientNonce()),
            request.proof())) {
            // One message for an unknown key and a wrong secret: the answer does not tell which keys exist.
            throw refusedAuth(channel, key, "authentication as '" + key + "' failed");
        }
        channel.attr(WHO).set(key);
        LOG.debug("{} authenticated as {}", channel.remoteAddress(), key);
    }

    private String secretOf(String key) {
        if (key.startsWith(Principal.MEMBER_PREFIX)) {
            return clusterSecret != null && members.get().contains(key.substring(Principal.MEMBER_PREFIX.length()))
                ? clusterSecret : null;
        }
        return accounts == null ? null : accounts.find(key).map(Account::secretKey).orElse(null);
    }

    private ProtocolException refusedAuth(Channel channel, String key, String message) {
        authFailures.increment();
        LOG.warn("refused authentication of {} as '{}': {}", channel.remoteAddress(), key, message);
        return new ProtocolException(Status.AUTH_FAILED, message);
    }

    /**
     * A Raft frame: with a cluster secret (or ACL on) only an authenticated member may send one; anyone else's
     * connection is closed.
     */
    public void raft(Channel channel) {
        if (clusterSecret == null && !aclEnabled) {
            return;
        }
        String who = channel.attr(WHO).get();
        if (who == null || !who.startsWith(Principal.MEMBER_PREFIX)) {
            denials.get(Opcode.RAFT_MESSAGE).increment();
            LOG.warn("closing {}: a Raft message from {}, which is not an authenticated member",
                channel.remoteAddress(), who == null ? "an unauthenticated connection" : "'" + who + "'");
            throw new ProtocolException(Status.NO_PERMISSION, "only members of the group may send Raft messages");
        }
    }

    /** Any client request: with ACL on, the connection must have authenticated as an account that still exists. */
    public void client(Channel channel, Opcode opcode) {
        if (!aclEnabled) {
            return;
        }
        principal(channel, opcode);
    }

    private Principal principal(Channel channel, Opcode opcode) {
        String who = channel.attr(WHO).get();
        Principal p = who == null || who.startsWith(Principal.MEMBER_PREFIX) ? null : accounts.principal(who);
        if (p == null) {
            authFailures.increment();
            String why = who == null ? "this broker requires authentication (AUTH_CHALLENGE, AUTH) before " + opcode
                : "'" + who + "' may not send " + opcode + (who.startsWith(Principal.MEMBER_PREFIX) ? ""
                    : ": the account no longer exists");
            LOG.warn("refused {} from {}: {}", opcode, channel.remoteAddress(), why);
            throw new BrokerException(Status.AUTH_FAILED, why);
        }
        return p;
    }

    /** Sending to {@code topic}. */
    public void publish(Channel channel, Opcode opcode, String topic) {
        if (SystemTopics.isBrokerInternal(topic) || SystemTopics.isRetryTopic(topic)) {
            throw denied(channel, opcode, "topic '" + topic + "' is the broker's own; clients cannot send to it");
        }
        if (aclEnabled && !SystemTopics.TRACE_TOPIC.equals(topic)
            && !principal(channel, opcode).topic(topic).publish()) {
            throw denied(channel, opcode, "'" + who(channel) + "' may not publish to topic '" + topic + "'");
        }
    }

    /** Consuming {@code topic} as {@code group} (pulls, subscriptions, offsets, queue locks). */
    public void subscribe(Channel channel, Opcode opcode, String group, String topic) {
        if (SystemTopics.isBrokerInternal(topic) || SystemTopics.TRACE_TOPIC.equals(topic)) {
            throw denied(channel, opcode, "topic '" + topic + "' is the broker's own; "
                + (topic.startsWith(SystemTopics.DLQ_PREFIX) ? "dead letters are read and re-driven through the "
                    + "admin API" : SystemTopics.TRACE_TOPIC.equals(topic) ? "traces are read through the admin "
                    + "trace API" : "clients cannot subscribe to it"));
        }
        boolean retry = SystemTopics.isRetryTopic(topic);
        if (retry && !topic.equals(SystemTopics.retryTopic(group))) {
            throw denied(channel, opcode, "retry topic '" + topic + "' belongs to another group than '" + group
                + "'");
        }
        if (!aclEnabled) {
            return;
        }
        Principal p = principal(channel, opcode);
        if (!p.group(group).subscribe()) {
            throw denied(channel, opcode, "'" + p.name() + "' may not consume as group '" + group + "'");
        }
        if (!retry && !p.topic(topic).subscribe()) {
            throw denied(channel, opcode, "'" + p.name() + "' may not subscribe to topic '" + topic + "'");
        }
    }

    /** Acting for consumer group {@code group} without a topic (member lists, send-back). */
    public void group(Channel channel, Opcode opcode, String group) {
        if (aclEnabled && !principal(channel, opcode).group(group).subscribe()) {
            throw denied(channel, opcode, "'" + who(channel) + "' may not act for group '" + group + "'");
        }
    }

    /** Asking for a topic's route: allowed to whoever may publish to it or subscribe to it. */
    public void route(Channel channel, Opcode opcode, String topic) {
        if (SystemTopics.isBrokerInternal(topic)) {
            throw denied(channel, opcode, "topic '" + topic + "' is the broker's own");
        }
        if (!aclEnabled || SystemTopics.isRetryTopic(topic) || SystemTopics.TRACE_TOPIC.equals(topic)) {
            return;
        }
        Permission p = principal(channel, opcode).topic(topic);
        if (!p.publish() && !p.subscribe()) {
            throw denied(channel, opcode, "'" + who(channel) + "' has no permission on topic '" + topic + "'");
        }
    }

    private static String who(Channel channel) {
        String who = channel.attr(WHO).get();
        return who == null ? "anonymous" : who;
    }

    private BrokerException denied(Channel channel, Opcode opcode, String message) {
        denials.get(opcode).increment();
        LOG.warn("refused {} from {}: {}", opcode, channel.remoteAddress(), message);
        return new BrokerException(Status.NO_PERMISSION, message);
    }
}
