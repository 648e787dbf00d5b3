package io.wharf.server.processor;

import io.wharf.protocol.Status;
import io.wharf.protocol.WireMessage;
import io.wharf.protocol.body.SendBatchRequest;
import io.wharf.protocol.body.SendRequest;
import io.wharf.protocol.body.SendResponse;
import io.wharf.server.common.BrokerException;
import io.wharf.server.cluster.Leadership;
import io.wharf.server.topic.TopicConfig;
import io.wharf.server.topic.TopicRegistry;
import io.wharf.store.AppendResult;
import io.wharf.store.MessageStore;
import io.wharf.store.format.RecordContent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Stores sent messages: checks the topic, queue and size, picks a queue when the producer left it to the
 * broker (round robin), appends, and answers once the store says the message is durable (or timed out).
 */
public final class SendProcessor {
    private final MessageStore store;
    private final TopicRegistry topics;
    private final int maxMessageBytes;
    private final UnaryOperator<RecordContent> schedule;
    private final ConcurrentHashMap<String, AtomicInteger> roundRobin = new ConcurrentHashMap<>();
    private volatile Leadership leadership = Leadership.SINGLE_NODE;

    public SendProcessor(MessageStore store, TopicRegistry topics, int maxMessageBytes) {
        this(store, topics, maxMessageBytes, UnaryOperator.identity());
    }

    /** With {@code schedule} parking messages that carry a delay level or deliver-at time. */
    public SendProcessor(MessageStore store, TopicRegistry topics, int maxMessageBytes,
                         UnaryOperator<RecordContent> schedule) {
        this.store = store;
        this.topics = topics;
        this.maxMessageBytes = maxMessageBytes;
        this.schedule = schedule;
    }

    /** Sends are acknowledged as {@code leadership} says (a replicated group waits for its majority). */
    public void leadership(Leadership l) {
        this.leadership = l;
    }

    /** The result of a send: the frame status and the body. */
    public record Outcome(Status status, SendResponse response) {
    }

    /** Sends handled by this thread until {@link #endBurst()} share one force (see MessageStore.beginAppendBurst). */
    public void beginBurst() {
        store.beginAppendBurst();
    }

    /** Ends this thread's burst of sends; starts their force. */
    public void endBurst() {
        store.endAppendBurst();
        leadership.appended();
    }

    public CompletableFuture<Outcome> send(SendRequest request, String bornHost) {
        TopicConfig topic = topic(request.message().topic());
        int queueId = queue(topic, request.queueId());
        RecordContent content = content(request.message(), queueId, bornHost);
        return store.append(content).thenCompose(r -> leadership.stored(r).thenApply(s -> new Outcome(s,
            new SendResponse(queueId, r.queueOffset(), r.physicalOffset(), 1))));
    }

    /** Checks a message as {@link #send} does and builds its record for the queue it goes to, without storing. */
    public RecordContent validate(SendRequest request, String bornHost) {
        TopicConfig topic = topic(request.message().topic());
        return content(request.message(), queue(topic, request.queueId()), bornHost);
    }

    public CompletableFuture<Outcome> sendBatch(SendBatchRequest request, String bornHost) {
        if (request.messages().isEmpty()) {
            throw new BrokerException(Status.BAD_REQUEST, "a batch needs at least one message");
        }
        String topicName = request.messages().get(0).topic();
        TopicConfig topic = topic(topicName);
        int queueId = queue(topic, request.queueId());
        List<RecordContent> contents = new ArrayList<>(request.messages().size());
        for (WireMessage m : request.messages()) {
            if (!m.topic().equals(topicName)) {
                throw new BrokerException(Status.BAD_REQUEST, "every message of a batch must have the same topic");
            }
            contents.add(content(m, queueId, bornHost));
        }
        return store.appendAll(contents).thenCompose(rs -> {
            AppendResult first = rs.get(0);
            return leadership.stored(rs.get(rs.size() - 1)).thenApply(s -> new Outcome(s,
                new SendResponse(queueId, first.queueOffset(), first.physicalOffset(), rs.size())));
        });
    }

    private TopicConfig topic(String name) {
        try {
            return topics.find(name).orElseThrow(() -> new BrokerException(Status.UNKNOWN_TOPIC,
                "topic '" + name + "' does not exist; create it through the admin API"));
        } catch (IllegalArgumentException e) {
            throw new BrokerException(Status.BAD_REQUEST, e.getMessage());
        }
    }

    private int queue(TopicConfig topic, int requested) {
        if (requested == -1) {
            AtomicInteger next = roundRobin.computeIfAbsent(topic.name(), k -> new AtomicInteger());
            return Math.floorMod(next.getAndIncrement(), topic.queueCount());
        }
        if (requested < 0 || requested >= topic.queueCount()) {
            throw new BrokerException(Status.BAD_REQUEST, "topic " + topic.name() + " has queues 0.."
                + (topic.queueCount() - 1) + "; got queue " + requested);
        }
        return requested;
    }

    private RecordContent content(WireMessage m, int queueId, String bornHost) {
        if (m.body().length > maxMessageBytes) {
            throw new BrokerException(Status.MESSAGE_TOO_LARGE, "message body of " + m.body().length
                + " bytes exceeds the limit of " + maxMessageBytes);
        }
        RecordContent content = new RecordContent(m.topic(), queueId, m.flags(), m.bornTimestampMs(), bornHost, 0,
            0L, m.properties(), m.body());
        try {
            return schedule.apply(content);
        } catch (IllegalArgumentException e) {
            throw new BrokerException(Status.BAD_REQUEST, e.getMessage());
        }
    }

}
