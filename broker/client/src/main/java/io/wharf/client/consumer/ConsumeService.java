package io.wharf.client.consumer;

import io.wharf.client.ReceivedMessage;
import java.util.ArrayList;
import java.util.List;

/** Runs the listener over pulled messages: concurrently or orderly. */
interface ConsumeService {
    /** Newly pulled messages of {@code pq}, already added to it. */
    void submit(ProcessQueue pq, List<ReceivedMessage> added);

    /** The queue may be consumed again (e.g. its lock was granted): consume what waits in it. */
    void resume(ProcessQueue pq);

    /**
     * Starts no more listener calls and waits up to {@code timeoutMs} for the running ones.
     *
     * @return true if none is running any more
     */
    boolean shutdown(long timeoutMs);

    /** The messages as they are delivered again: reconsume count incremented. */
    static List<ReceivedMessage> redelivered(List<ReceivedMessage> messages) {
        List<ReceivedMessage> again = new ArrayList<>(messages.size());
        for (ReceivedMessage m : messages) {
            again.add(new ReceivedMessage(m.topic(), m.queueId(), m.queueOffset(), m.commitLogOffset(),
                m.bornTimestampMs(), m.storeTimestampMs(), m.bornHost(), m.reconsumeTimes() + 1, m.flags(),
                m.properties(), m.body()));
        }
        return again;
    }
}
