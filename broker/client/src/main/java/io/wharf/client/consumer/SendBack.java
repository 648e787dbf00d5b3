package io.wharf.client.consumer;

import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.Futures;
import io.wharf.protocol.PropertyNames;
import io.wharf.client.ReceivedMessage;
import io.wharf.protocol.body.ConsumerSendBackRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Hands messages the listener failed on back to the broker (CONSUMER_SEND_BACK), which stores them in the
 * group's retry topic {@code %RETRY%<group>} (delivered again after a delay) or its dead-letter queue; and shows
 * messages from the retry topic to the listener under their original topic.
 */
@FunctionalInterface
interface SendBack {
    /** The retry topic's prefix; the group's retry topic is the prefix plus the group name. */
    String RETRY_PREFIX = io.wharf.protocol.SystemTopics.RETRY_PREFIX;

    /** No broker to send back to: every send-back fails, so failed messages are redelivered locally. */
    SendBack NONE = (m, level, reason) -> CompletableFuture.failedFuture(new IllegalStateException("no send-back"));

    /**
     * Sends one message back.
     *
     * @param delayLevel 0: the broker picks the retry delay; {@link ConsumerSendBackRequest#TO_DLQ}: dead-letter
     * @param reason     why consumption failed (kept on the message as FAILURE_REASON), or empty
     */
    CompletableFuture<Void> send(ReceivedMessage message, int delayLevel, String reason);

    static SendBack to(BrokerProxy broker, ConsumerConfig config) {
        return (m, level, reason) -> broker.sendBack(new ConsumerSendBackRequest(config.group(), m.commitLogOffset(),
            level, config.maxReconsumeTimes(), m.msgId(), reason), config.requestTimeoutMs());
    }

    /** Sends each message back and waits; returns the messages the broker did not take (failed or timed out). */
    static List<ReceivedMessage> sendAll(SendBack sendBack, List<ReceivedMessage> messages, int delayLevel,
                                         String reason) {
        List<CompletableFuture<Void>> sent = new ArrayList<>(messages.size());
        for (ReceivedMessage m : messages) {
            sent.add(sendBack.send(m, delayLevel, reason));
        }
        List<ReceivedMessage> refused = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            try {
                Futures.await(sent.get(i));
            } catch (RuntimeException e) {
                refused.add(messages.get(i));
            }
        }
        return refused;
    }

    /** The messages as the listener sees them: a retried message under the topic it was first consumed from. */
    static List<ReceivedMessage> presented(List<ReceivedMessage> batch) {
        List<ReceivedMessage> out = new ArrayList<>(batch.size());
        for (ReceivedMessage m : batch) {
            String original = m.properties().get(PropertyNames.RETRY_TOPIC);
            out.add(original == null || !m.topic().startsWith(RETRY_PREFIX) ? m
                : new ReceivedMessage(original, m.queueId(), m.queueOffset(), m.commitLogOffset(),
                    m.bornTimestampMs(), m.storeTimestampMs(), m.bornHost(), m.reconsumeTimes(), m.flags(),
                    m.properties(), m.body()));
        }
        return out;
    }
}
