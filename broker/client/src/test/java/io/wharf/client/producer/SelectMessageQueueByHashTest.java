package io.wharf.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.client.Message;
import io.wharf.client.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SelectMessageQueueByHashTest {
    private static final List<MessageQueue> FOUR = IntStream.range(0, 4).mapToObj(i -> new MessageQueue("T", i))
        .toList();
    private static final Message MSG = Message.of("T", new byte[0]);
    private final SelectMessageQueueByHash selector = new SelectMessageQueueByHash();

    @Test
    void fnv1aMatchesThePublishedTestVectors() {
        assertThat(SelectMessageQueueByHash.fnv1a(new byte[0])).isEqualTo(0xcbf29ce484222325L);
        assertThat(SelectMessageQueueByHash.fnv1a("a".getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(SelectMessageQueueByHash.fnv1a("foobar".getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void integralKeysMapToTheirValueModuloTheQueueCountEvenWhenNegative() {
        assertThat(selector.select(FOUR, MSG, 10L).queueId()).isEqualTo(2);
        assertThat(selector.select(FOUR, MSG, 7).queueId()).isEqualTo(3);
        assertThat(selector.select(FOUR, MSG, (short) 4).queueId()).isZero();
        assertThat(selector.select(FOUR, MSG, -1L).queueId()).isEqualTo(3);
        assertThat(selector.select(FOUR, MSG, Long.MIN_VALUE).queueId()).isZero();
    }

    @Test
    void stringKeysAreStableValuesPinnedHere() {
        // Pinned so that a change of the hash (which would reorder every running system) fails a test.
        assertThat(selector.select(FOUR, MSG, "order-1").queueId())
            .isEqualTo((int) Math.floorMod(SelectMessageQueueByHash.fnv1a("order-1".getBytes(StandardCharsets.UTF_8)),
                4L));
        assertThat(SelectMessageQueueByHash.hash("foobar")).isEqualTo(0x85944171f73967e8L);
        assertThat(SelectMessageQueueByHash.hash(new StringBuilder("foobar"))).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void sameKeySameQueueAndKeysSpreadOverAllQueues() {
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            String key = "order-" + i;
            int q = selector.select(FOUR, MSG, key).queueId();
            assertThat(selector.select(FOUR, MSG, key).queueId()).isEqualTo(q);
            counts[q]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(800, 1200);
        }
    }

    @Test
    void uuidEnumAndBytesHaveDefinedHashes() {
        UUID u = new UUID(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
        byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        assertThat(SelectMessageQueueByHash.hash(u)).isEqualTo(SelectMessageQueueByHash.fnv1a(bytes));
        assertThat(SelectMessageQueueByHash.hash(bytes)).isEqualTo(SelectMessageQueueByHash.fnv1a(bytes));
        assertThat(SelectMessageQueueByHash.hash(Thread.State.NEW)).isEqualTo(SelectMessageQueueByHash.hash("NEW"));
    }

    @Test
    void keysWithoutAStableHashAreRefused() {
        assertThatThrownBy(() -> selector.select(FOUR, MSG, new Object())).isInstanceOf(
            IllegalArgumentException.class).hasMessageContaining("stable hash");
        assertThatThrownBy(() -> selector.select(FOUR, MSG, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
