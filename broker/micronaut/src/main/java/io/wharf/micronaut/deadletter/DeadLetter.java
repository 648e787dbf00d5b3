package io.wharf.micronaut.deadletter;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * One dead message with its failure history.
 *
 * @param offsetMsgId    its id in the DLQ (what a re-drive names)
 * @param msgId          the producer-assigned id, the same as on every delivery before
 * @param topic          the DLQ topic
 * @param queueOffset    its offset in the DLQ
 * @param bornTimestamp  when the producer created it (epoch ms)
 * @param storeTimestamp when it entered the DLQ (epoch ms)
 * @param reconsumeTimes how often it was delivered and failed
 * @param redriven       re-driven already
 * @param bodyText       the body, when it is UTF-8 text
 * @param properties     its properties
 * @param failureHistory where it came from and how it failed
 */
@Serdeable
public record DeadLetter(String offsetMsgId, String msgId, String topic, long queueOffset, long bornTimestamp,
                         long storeTimestamp, int reconsumeTimes, boolean redriven, @Nullable String bodyText,
                         Map<String, String> properties, @Nullable FailureHistory failureHistory) {
    /**
     * How a dead message failed.
     *
     * @param originalTopic     the topic it was first sent to
     * @param originMessageId   the id of the original message
     * @param reconsumeTimes    deliveries that failed
     * @param maxReconsumeTimes the budget it ran out of
     * @param firstFailureTime  the first failure (epoch ms)
     * @param failureTimes      every failure (epoch ms)
     * @param failureReason     the listener's reason, when it gave one (e.g. a poison payload)
     */
    @Serdeable
    public record FailureHistory(@Nullable String originalTopic, @Nullable String originMessageId,
                                 int reconsumeTimes, @Nullable String maxReconsumeTimes,
                                 @Nullable String firstFailureTime, @Nullable List<Long> failureTimes,
                                 @Nullable String failureReason) {
    }
}
