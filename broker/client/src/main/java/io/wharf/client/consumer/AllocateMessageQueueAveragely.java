package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a topic's queues among a group's members in contiguous, nearly equal ranges, in the order of the sorted
 * client ids: with 4 queues, 3 members get 2+1+1 and a fifth member of 5 gets nothing. Every member computes the
 * same split from the same inputs, so no coordination is needed beyond agreeing on the member list.
 */
public final class AllocateMessageQueueAveragely {
    private AllocateMessageQueueAveragely() {
    }

    /**
     * @param queues    every queue of the topic, in queue id order
     * @param clientIds the group's members, sorted
     * @param clientId  the member asking
     * @return the queues assigned to {@code clientId}; empty when it is not among {@code clientIds}
     */
    public static List<MessageQueue> allocate(List<MessageQueue> queues, List<String> clientIds, String clientId) {
        int index = clientIds.indexOf(clientId);
        if (index < 0 || queues.isEmpty()) {
            return List.of();
        }
        int queueCount = queues.size();
        int members = clientIds.size();
        int remainder = queueCount % members;
        boolean takesOneMore = remainder > 0 && index < remainder;
        int size = queueCount <= members ? 1 : queueCount / members + (takesOneMore ? 1 : 0);
        int start = takesOneMore ? index * size : index * size + remainder;
        int range = Math.min(size, queueCount - start);
        List<MessageQueue> mine = new ArrayList<>(Math.max(range, 0));
        for (int i = 0; i < range; i++) {
            mine.add(queues.get(start + i));
        }
        return mine;
    }
}
