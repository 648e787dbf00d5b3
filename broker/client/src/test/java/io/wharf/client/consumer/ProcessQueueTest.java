package io.wharf.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.MessageQueue;
import io.wharf.client.ReceivedMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProcessQueueTest {
    private final ProcessQueue pq = new ProcessQueue(new MessageQueue("T", 0), 100);

    private static ReceivedMessage msg(long offset) {
        return new ReceivedMessage("T", 0, offset, offset * 10, 0, 0, "h", 0, 0, Map.of(), new byte[0]);
    }

    private static List<ReceivedMessage> msgs(long from, long toExclusive) {
        return LongStream.range(from, toExclusive).mapToObj(ProcessQueueTest::msg).toList();
    }

    @Test
    void startsAtTheReadOffset() {
        assertThat(pq.ackOffset()).isEqualTo(100);
        assertThat(pq.nextPullOffset()).isEqualTo(100);
        assertThat(pq.committedOffset()).isEqualTo(100);
    }

    @Test
    void ackOffsetIsTheLowestUnacknowledgedOffsetWhateverOrderTheyComplete() {
        pq.putMessages(msgs(100, 105), 105);
        assertThat(pq.ackOffset()).isEqualTo(100);
        assertThat(pq.acknowledge(List.of(msg(102), msg(104)))).as("gaps below").isEqualTo(100);
        assertThat(pq.acknowledge(List.of(msg(100)))).isEqualTo(101);
        assertThat(pq.acknowledge(List.of(msg(101)))).as("jumps over 102 already done").isEqualTo(103);
        assertThat(pq.inFlightCount()).isEqualTo(1);
        assertThat(pq.acknowledge(List.of(msg(103)))).as("nothing in flight: the next pull offset").isEqualTo(105);
    }

    @Test
    void randomCompletionOrderNeverAcknowledgesPastAnUnfinishedMessage() {
        Random random = new Random(42);
        List<ReceivedMessage> pulled = msgs(100, 300);
        pq.putMessages(pulled, 300);
        List<ReceivedMessage> order = new ArrayList<>(pulled);
        Collections.shuffle(order, random);
        boolean[] done = new boolean[200];
        long previous = 100;
        for (ReceivedMessage m : order) {
            long ack = pq.acknowledge(List.of(m));
            done[(int) (m.queueOffset() - 100)] = true;
            int firstUndone = 0;
            while (firstUndone < 200 && done[firstUndone]) {
                firstUndone++;
            }
            assertThat(ack).isEqualTo(100 + firstUndone).isGreaterThanOrEqualTo(previous);
            previous = ack;
        }
        assertThat(pq.ackOffset()).isEqualTo(300);
    }

    @Test
    void offsetsFilteredOutByTagAreSkippedOnceNothingBeforeThemIsInFlight() {
        pq.putMessages(List.of(msg(100), msg(103)), 110);
        assertThat(pq.acknowledge(List.of(msg(100)))).isEqualTo(103);
        assertThat(pq.acknowledge(List.of(msg(103)))).isEqualTo(110);
        pq.advancePullOffset(120);
        assertThat(pq.ackOffset()).as("no-match pull moves it on").isEqualTo(120);
        pq.advancePullOffset(115);
        assertThat(pq.nextPullOffset()).as("never backwards by a normal pull").isEqualTo(120);
    }

    @Test
    void aStalePullAnswerAddsNothing() {
        pq.putMessages(msgs(100, 102), 102);
        pq.acknowledge(msgs(100, 102));
        assertThat(pq.putMessages(msgs(100, 102), 102)).isEmpty();
        assertThat(pq.inFlightCount()).isZero();
        assertThat(pq.ackOffset()).isEqualTo(102);
    }

    @Test
    void retriedMessagesKeepBlockingTheOffset() {
        pq.putMessages(msgs(100, 103), 103);
        List<ReceivedMessage> again = ConsumeService.redelivered(List.of(msg(100)));
        pq.replace(again);
        pq.acknowledge(List.of(msg(101), msg(102)));
        assertThat(pq.ackOffset()).isEqualTo(100);
        assertThat(again.getFirst().reconsumeTimes()).isEqualTo(1);
        pq.acknowledge(again);
        assertThat(pq.ackOffset()).isEqualTo(103);
    }

    @Test
    void offsetMovedResetsThePullPositionEvenBackwards() {
        pq.advancePullOffset(500);
        pq.resetPullOffset(40);
        assertThat(pq.nextPullOffset()).isEqualTo(40);
        assertThat(pq.ackOffset()).isEqualTo(40);
    }

    @Test
    void orderlyTakesInOrderCommitsAndRollsBack() {
        pq.putMessages(msgs(100, 105), 105);
        List<ReceivedMessage> first = pq.takeForOrderly(2);
        assertThat(first).extracting(ReceivedMessage::queueOffset).containsExactly(100L, 101L);
        assertThat(pq.ackOffset()).as("consuming messages still block").isEqualTo(100);
        assertThat(pq.commitOrderly()).isEqualTo(102);

        List<ReceivedMessage> second = pq.takeForOrderly(2);
        pq.rollbackOrderly(ConsumeService.redelivered(second));
        assertThat(pq.ackOffset()).isEqualTo(102);
        List<ReceivedMessage> retried = pq.takeForOrderly(3);
        assertThat(retried).extracting(ReceivedMessage::queueOffset).containsExactly(102L, 103L, 104L);
        assertThat(retried).extracting(ReceivedMessage::reconsumeTimes).containsExactly(1, 1, 0);
        assertThat(pq.inFlightCount()).isEqualTo(3);
        assertThat(pq.commitOrderly()).isEqualTo(105);
    }

    @Test
    void lockIsValidOnlyWhileRecentlyRenewed() {
        assertThat(pq.isLockValid(0)).isFalse();
        pq.lockGranted(1_000);
        assertThat(pq.isLockValid(1_000 + ProcessQueue.LOCK_VALID_NANOS - 1)).isTrue();
        assertThat(pq.isLockValid(1_000 + ProcessQueue.LOCK_VALID_NANOS)).isFalse();
        pq.lockGranted(2_000);
        pq.lockLost();
        assertThat(pq.isLockValid(2_001)).isFalse();
    }

    @Test
    void orderlyDispatchIsClaimedByOneAtATime() {
        assertThat(pq.startOrderlyDispatch()).isTrue();
        assertThat(pq.startOrderlyDispatch()).isFalse();
        pq.endOrderlyDispatch();
        assertThat(pq.startOrderlyDispatch()).isTrue();
    }
}
