package io.wharf.server;

import io.wharf.protocol.NotLeader;
import io.wharf.protocol.Status;
import io.wharf.server.cluster.ReplicationService;
import io.wharf.store.common.AppendStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.wharf.server.common.BrokerException;
import io.wharf.protocol.MessageIds;
import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.protocol.PropertyNames;
import io.wharf.server.auth.Account;
import io.wharf.server.auth.Accounts;
import io.wharf.server.offset.OffsetKey;
import io.wharf.server.topic.TopicConfig;
import io.wharf.server.trace.MessageTimeline;
import io.wharf.server.trace.TraceTopic;
import io.wharf.store.MessageStore;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.log.LogPosition;
import io.wharf.store.queue.ConsumeQueue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the admin HTTP endpoint exposes, as plain Java values ready for JSON: topics, messages by key and id,
 * consumer groups, lag and offset resets. Every input is validated here and refused with an
 * {@link AdminException} carrying the HTTP status.
 */
public final class AdminApi {
    private final BrokerNode node;

    AdminApi(BrokerNode node) {
        this.node = node;
    }

    MessageStore store() {
        return node.store();
    }

    String nodeId() {
        return node.config().nodeId();
    }

    /** The group as this node sees it: members, roles, term, commit index, each follower's lag. */
    public Map<String, Object> cluster() {
        if (node.replication() == null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("self", node.config().nodeId());
            m.put("role", "LEADER");
            m.put("members", List.of());
            m.put("commitIndex", node.store().commitWatermark());
            m.put("lastIndex", node.store().endPosition().index());
            return m;
        }
        return node.replication().status();
    }

    /** The bookkeeping parts failing now, with their reasons. */
    public Map<String, String> problems() {
        return node.health().problems();
    }

    /** Why this node stopped taking part in its group, or null. */
    public Throwable replicationFailure() {
        return node.replication() == null ? null : node.replication().failure();
    }

    /** How long a membership change may take (a new member's catch-up included). */
    private static final long MEMBERSHIP_TIMEOUT_MS = 300_000;

    /**
     * Adds a member to the group: it catches up as a learner, then the configuration with it is committed. The new
     * node runs already, started with {@code cluster.join=true} and the group's members in {@code cluster.members}.
     */
    public Map<String, Object> addMember(String id, String address) {
        if (id == null || address == null || !address.matches("[^\\s:@,]+:\\d+")) {
            throw new AdminException(400, "give 'id' and 'address' (host:port of its broker port)");
        }
        return membership(requireGroup().addMember(id, address, MEMBERSHIP_TIMEOUT_MS));
    }

    /** Removes a member (a dead one, or the leader itself, which then steps down). */
    public Map<String, Object> removeMember(String id) {
        return membership(requireGroup().removeMember(id, MEMBERSHIP_TIMEOUT_MS));
    }

    private ReplicationService requireGroup() {
        if (node.replication() == null) {
            throw new AdminException(409, "this broker is a single node, not a member of a group");
        }
        return node.replication();
    }

    private static Map<String, Object> membership(CompletableFuture<List<String>> change) {
        try {
            return Map.of("members", change.get(MEMBERSHIP_TIMEOUT_MS + 5_000,
                TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrokerException b) {
                throw b;
            }
            throw new AdminException(409, e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new AdminException(503, "the membership change did not complete in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(503, "interrupted while waiting for the membership change");
        }
    }

    /** The accounts without their secrets; 409 when ACL is off. */
    public List<Map<String, Object>> accounts() {
        return requireAccounts().all().stream().map(Account::view).toList();
    }

    /** Creates or replaces an account from {@code {"secretKey", "admin", "topics", "groups"}}. */
    public Map<String, Object> putAccount(String accessKey, JsonNode body) {
        Accounts accounts = requireAccounts();
        Account a;
        try {
            a = new Account(accessKey, body.path("secretKey").asText(null), body.path("admin").asBoolean(false),
                rules(body, "topics"), rules(body, "groups"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new AdminException(400, e.getMessage());
        }
        accounts.put(a);
        return a.view();
    }

    private static Map<String, String> rules(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw new AdminException(400, "field '" + field + "' must be an object of name to DENY, PUB, SUB or "
                + "PUB|SUB");
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Removes an account: its open connections are refused from their next request. */
    public Map<String, Object> removeAccount(String accessKey) {
        if (!requireAccounts().remove(accessKey)) {
            throw new AdminException(404, "no account '" + accessKey + "'");
        }
        return Map.of("removed", accessKey);
    }

    private Accounts requireAccounts() {
        Accounts a = node.accounts();
        if (a == null) {
            throw new AdminException(409, "accounts exist only with acl.enabled=true");
        }
        return a;
    }

    /** Counts an admin call refused for want of a token or a role. */
    public void adminRefused() {
        node.metrics().adminRefused();
    }

    /** Every meter of the node, Prometheus text. */
    public String metrics() {
        return node.metrics().scrape();
    }

    /**
     * In a group: waits until everything this node appended so far (the state documents a change just wrote) is
     * committed by the majority. NOT_LEADER when it stopped leading; 503 when the majority did not acknowledge in
     * time (the change may still be committed later). A single node returns at once.
     */
    public void awaitCommitted() {
        var r = node.replication();
        if (r == null) {
            return;
        }
        long timeoutMs = node.config().clusterConfig().commitTimeoutMs() + 1000;
        Status s;
        try {
            s = r.stored(AppendStatus.PUT_OK, node.store().endPosition().index())
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrokerException b) {
                throw b;
            }
            throw new AdminException(503, "the change was not replicated: " + e.getCause());
        } catch (TimeoutException e) {
            throw new AdminException(503, "the change was not committed within " + timeoutMs
                + " ms; it may still be");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(503, "interrupted while waiting for the majority");
        }
        if (s != Status.OK) {
            throw new AdminException(503, "the change is stored on the leader but no majority acknowledged it ("
                + s + "); it may still be committed");
        }
    }

    /** Whether this node takes changes (a single node, or the serving leader of its group). */
    public boolean leads() {
        return node.replication() == null || node.replication().isLeader();
    }

    public String notLeaderMessage() {
        return NotLeader.message(node.replication() == null ? null
            : node.replication().leaderAddress());
    }

    public List<Map<String, Object>> topics() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TopicConfig t : node.topics().all()) {
            out.add(topicView(t));
        }
        return out;
    }

    public Map<String, Object> createTopic(String name, Integer queues) {
        if (name == null) {
            throw new AdminException(400, "field 'name' is required");
        }
        int count = queues == null ? node.config().topicDefaultQueues() : queues;
        try {
            return topicView(node.topics().createOrUpdate(name, count));
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, e.getMessage());
        }
    }

    private Map<String, Object> topicView(TopicConfig t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("queues", t.queueCount());
        List<Map<String, Object>> queues = new ArrayList<>();
        for (ConsumeQueue q : node.store().queuesOf(t.name())) {
            queues.add(Map.of("queueId", q.queueId(), "minOffset", q.minOffset(), "maxOffset", q.maxOffset()));
        }
        m.put("queueOffsets", queues);
        return m;
    }

    public List<Map<String, Object>> messagesByKey(String topic, String key, long beginMs, long endMs, int max) {
        if (topic == null || key == null) {
            throw new AdminException(400, "query parameters 'topic' and 'key' are required");
        }
        if (max < 1 || max > 1000) {
            throw new AdminException(400, "'max' must be 1..1000");
        }
        return node.store().queryByKey(topic, key, beginMs, endMs, max).stream().map(AdminApi::messageView).toList();
    }

    public Map<String, Object> messageById(String offsetMsgId) {
        long offset;
        try {
            offset = MessageIds.parseOffsetId(offsetMsgId);
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, "message id must be the 16 hex digits of a commit-log offset");
        }
        DecodedRecord r = node.store().readByOffset(offset);
        if (r == null) {
            throw new AdminException(404, "no message with id " + offsetMsgId);
        }
        return messageView(r);
    }

    static Map<String, Object> messageView(DecodedRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offsetMsgId", MessageIds.offsetId(r.physicalOffset()));
        m.put("msgId", r.properties().getOrDefault(PropertyNames.UNIQ_KEY, MessageIds.offsetId(r.physicalOffset())));
        m.put("topic", r.topic());
        m.put("queueId", r.queueId());
        m.put("queueOffset", r.queueOffset());
        m.put("logIndex", r.logIndex());
        m.put("bornTimestamp", r.bornTimestampMs());
        m.put("storeTimestamp", r.storeTimestampMs());
        m.put("bornHost", r.bornHost());
        m.put("reconsumeTimes", r.reconsumeCount());
        m.put("properties", r.properties());
        m.put("bodyLength", r.body().length);
        m.put("bodyBase64", Base64.getEncoder().encodeToString(r.body()));
        String text = utf8OrNull(r.body());
        if (text != null) {
            m.put("bodyText", text);
        }
        return m;
    }

    private static String utf8OrNull(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Half messages whose check-backs ran out, oldest first, from an offset of the discard topic. */
    public Map<String, Object> discardedTransactions(long fromOffset, int max) {
        if (fromOffset < 0 || max < 1 || max > 1000) {
            throw new AdminException(400, "'from' must be >= 0 and 'max' 1..1000");
        }
        List<Map<String, Object>> messages = node.transactions().discarded(fromOffset, max).stream()
            .map(AdminApi::messageView).toList();
        return Map.of("pending", node.transactions().pendingCount(), "messages", messages);
    }

    public Map<String, List<String>> groups() {
        return node.clients().consumerGroups();
    }

    /** Per queue: the queue's end, the group's committed offset, and the difference (messages not consumed). */
    public Map<String, Object> lag(String group, String topic) {
        TopicConfig t = node.topics().all().stream().filter(x -> x.name().equals(topic)).findFirst()
            .orElseThrow(() -> new AdminException(404, "topic '" + topic + "' does not exist"));
        Map<Integer, Long> committed = node.offsets().ofGroupTopic(group, topic);
        List<Map<String, Object>> queues = new ArrayList<>();
        long total = 0;
        for (int q = 0; q < t.queueCount(); q++) {
            long max = node.store().queueBounds(topic, q)[1];
            long done = committed.getOrDefault(q, 0L);
            long lag = Math.max(0, max - done);
            total += lag;
            queues.add(Map.of("queueId", q, "maxOffset", max, "committedOffset", done, "lag", lag));
        }
        return Map.of("group", group, "topic", topic, "totalLag", total, "queues", queues);
    }

    /** Sets a group's offsets in a topic to a timestamp or an offset; the group must have no live member. */
    public Map<String, Object> resetOffsets(String group, String topic, Long timestampMs, Long offset) {
        if (topic == null || (timestampMs == null) == (offset == null)) {
            throw new AdminException(400, "give 'topic' and exactly one of 'timestamp' or 'offset'");
        }
        if (!node.clients().consumersOf(group).isEmpty()) {
            throw new AdminException(409, "group " + group + " has live members " + node.clients().consumersOf(group)
                + "; stop them first, or their next commit would overwrite the reset");
        }
        TopicConfig t = node.topics().all().stream().filter(x -> x.name().equals(topic)).findFirst()
            .orElseThrow(() -> new AdminException(404, "topic '" + topic + "' does not exist"));
        for (int q = 0; q < t.queueCount(); q++) {
            long[] bounds = node.store().queueBounds(topic, q);
            long target = offset != null ? offset : node.store().offsetForTimestamp(topic, q, timestampMs);
            node.offsets().commit(new OffsetKey(group, topic, q),
                Math.max(bounds[0], Math.min(bounds[1], target)));
        }
        node.offsets().flush();
        return lag(group, topic);
    }

    /**
     * The trace timeline of one message by msgId, or of a topic's messages with a business key: the ids found and
     * their events, oldest first.
     */
    public Map<String, Object> trace(String msgId, String topic, String key, String traceTopic) {
        MessageTimeline timeline = new MessageTimeline(node.store(), node.topics());
        String traces = traceTopic == null ? TraceTopic.DEFAULT : traceTopic;
        Set<String> ids;
        if (msgId != null && topic == null && key == null) {
            ids = Set.of(msgId);
        } else if (msgId == null && topic != null && key != null) {
            ids = timeline.msgIdsByKey(topic, key, traces);
        } else {
            throw new AdminException(400, "give either 'msgId', or 'topic' and 'key'");
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (String id : ids) {
            events.addAll(timeline.ofMessage(id, traces));
        }
        events.sort(Comparator.comparingLong(e -> (Long) e.get("timeMs")));
        return Map.of("msgIds", List.copyOf(ids), "events", events);
    }

    /** Dead-letter queues, retry policies and scheduled delivery. */
    public DeadLetterAdmin deadLetters() {
        return new DeadLetterAdmin(node.delayAndRetry());
    }

    Map<String, Object> storeStatus() {
        LogPosition end = node.store().endPosition();
        return Map.of("logFirstIndex", node.store().firstIndex(), "logEndIndex", end.index(),
            "logEndOffset", end.offset(), "commitWatermark", node.store().commitWatermark(),
            "dispatchedIndex", node.store().dispatchedPosition().index(), "failed", node.store().failed());
    }
}
