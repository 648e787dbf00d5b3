package io.wharf.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.MessageQueue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AllocateMessageQueueAveragelyTest {
    private static List<MessageQueue> queues(int n) {
        return IntStream.range(0, n).mapToObj(i -> new MessageQueue("T", i)).toList();
    }

    private static List<String> members(int n) {
        return IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
    }

    private static List<Integer> sizes(int queueCount, int memberCount) {
        List<Integer> sizes = new ArrayList<>();
        for (String m : members(memberCount)) {
            sizes.add(AllocateMessageQueueAveragely.allocate(queues(queueCount), members(memberCount), m).size());
        }
        return sizes;
    }

    @Test
    void fourQueuesSplitAmongOneToFiveMembersLikeRocketMq() {
        assertThat(sizes(4, 1)).containsExactly(4);
        assertThat(sizes(4, 2)).containsExactly(2, 2);
        assertThat(sizes(4, 3)).containsExactly(2, 1, 1);
        assertThat(sizes(4, 4)).containsExactly(1, 1, 1, 1);
        assertThat(sizes(4, 5)).containsExactly(1, 1, 1, 1, 0);
    }

    @Test
    void rangesAreContiguousInMemberOrder() {
        List<MessageQueue> all = queues(8);
        assertThat(AllocateMessageQueueAveragely.allocate(all, members(3), "c0")).containsExactlyElementsOf(
            all.subList(0, 3));
        assertThat(AllocateMessageQueueAveragely.allocate(all, members(3), "c1")).containsExactlyElementsOf(
            all.subList(3, 6));
        assertThat(AllocateMessageQueueAveragely.allocate(all, members(3), "c2")).containsExactlyElementsOf(
            all.subList(6, 8));
    }

    @Test
    void everyQueueGoesToExactlyOneMemberForAnySizes() {
        for (int q = 0; q <= 17; q++) {
            for (int m = 1; m <= 9; m++) {
                Set<MessageQueue> seen = new HashSet<>();
                int total = 0;
                int max = 0;
                int min = Integer.MAX_VALUE;
                for (String member : members(m)) {
                    List<MessageQueue> mine = AllocateMessageQueueAveragely.allocate(queues(q), members(m), member);
                    seen.addAll(mine);
                    total += mine.size();
                    max = Math.max(max, mine.size());
                    min = Math.min(min, mine.size());
                }
                assertThat(seen).as("%d queues, %d members", q, m).containsExactlyInAnyOrderElementsOf(queues(q));
                assertThat(total).as("no queue twice").isEqualTo(q);
                assertThat(max - min).as("balanced").isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aClientNotInTheListGetsNothing() {
        assertThat(AllocateMessageQueueAveragely.allocate(queues(4), members(2), "stranger")).isEmpty();
        assertThat(AllocateMessageQueueAveragely.allocate(queues(0), members(2), "c0")).isEmpty();
    }
}
