package io.wharf.server.schedule;

import io.wharf.protocol.PropertyNames;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a message with a delay level or a deliver-at time into the record parked in a system topic, and a parked
 * record back into the message delivered when due. The real topic and queue travel in REAL_TOPIC and REAL_QID.
 *
 * <p>Delay levels park in {@link #SCHEDULE_TOPIC}, one queue per level (queue {@code level - 1}), so each queue
 * is in due order; deliver-at messages park in queue 0 of {@link #TIMER_TOPIC}, in arrival order.
 */
public final class ScheduledMessages {
    public static final String SCHEDULE_TOPIC = io.wharf.protocol.SystemTopics.SCHEDULE_TOPIC;
    public static final String TIMER_TOPIC = io.wharf.protocol.SystemTopics.TIMER_TOPIC;

    private final DelayLevels levels;
    private final long horizonMs;
    private final InstantSource clock;

    public ScheduledMessages(DelayLevels levels, long horizonMs, InstantSource clock) {
        this.levels = levels;
        this.horizonMs = horizonMs;
        this.clock = clock;
    }

    public DelayLevels levels() {
        return levels;
    }

    /**
     * The record to store for {@code content}: unchanged when it has no schedule, parked when it has one, and
     * with its schedule removed when it is already due.
     *
     * @throws IllegalArgumentException for a malformed schedule or a deliver-at time beyond the horizon
     */
    public RecordContent divert(RecordContent content) {
        String at = content.property(PropertyNames.TIMER_DELIVER_MS);
        if (at != null) {
            long atMs = parse(at, PropertyNames.TIMER_DELIVER_MS);
            long now = clock.millis();
            if (atMs - now > horizonMs) {
                throw new IllegalArgumentException("deliver-at time " + atMs + " is more than " + horizonMs
                    + " ms ahead (the broker's timer.max.delay.ms)");
            }
            return atMs <= now ? unscheduled(content, content.topic(), content.queueId())
                : parked(content, TIMER_TOPIC, 0, null);
        }
        String delay = content.property(PropertyNames.DELAY);
        if (delay != null) {
            long level = parse(delay, PropertyNames.DELAY);
            if (level <= 0) {
                return unscheduled(content, content.topic(), content.queueId());
            }
            int clamped = levels.clamp((int) Math.min(level, Integer.MAX_VALUE));
            return parked(content, SCHEDULE_TOPIC, clamped - 1, clamped);
        }
        return content;
    }

    private static long parse(String value, String name) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + name + " must be a whole number, got '" + value + "'");
        }
    }

    private static RecordContent parked(RecordContent c, String topic, int queueId, Integer level) {
        Map<String, String> p = new HashMap<>(c.properties());
        p.put(PropertyNames.REAL_TOPIC, c.topic());
        p.put(PropertyNames.REAL_QID, Integer.toString(c.queueId()));
        if (level != null) {
            p.put(PropertyNames.DELAY, level.toString());
        }
        return new RecordContent(topic, queueId, c.flags(), c.bornTimestampMs(), c.bornHost(), c.reconsumeCount(),
            c.preparedTransactionOffset(), p, c.body());
    }

    /** The message a parked record delivers, or null if the record names no real topic (not parked by us). */
    public static RecordContent delivered(DecodedRecord parked) {
        String topic = parked.property(PropertyNames.REAL_TOPIC);
        String queue = parked.property(PropertyNames.REAL_QID);
        if (topic == null || queue == null) {
            return null;
        }
        int queueId;
        try {
            queueId = Integer.parseInt(queue);
        } catch (NumberFormatException e) {
            return null;
        }
        return unscheduled(parked.content(), topic, queueId);
    }

    private static RecordContent unscheduled(RecordContent c, String topic, int queueId) {
        Map<String, String> p = new HashMap<>(c.properties());
        p.remove(PropertyNames.DELAY);
        p.remove(PropertyNames.TIMER_DELIVER_MS);
        p.remove(PropertyNames.REAL_TOPIC);
        p.remove(PropertyNames.REAL_QID);
        return new RecordContent(topic, queueId, c.flags(), c.bornTimestampMs(), c.bornHost(), c.reconsumeCount(),
            c.preparedTransactionOffset(), p, c.body());
    }
}
