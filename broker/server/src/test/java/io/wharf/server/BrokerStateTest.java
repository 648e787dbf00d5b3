package io.wharf.server;

import io.wharf.server.common.BrokerException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import io.wharf.protocol.body.ConsumerGroupInfo;
import io.wharf.server.group.ClientRegistry;
import io.wharf.server.lock.QueueLocks;
import io.wharf.server.offset.ConsumerOffsets;
import io.wharf.server.offset.OffsetKey;
import io.wharf.server.pull.SubscriptionFilter;
import io.wharf.server.topic.TopicRegistry;
import io.wharf.store.format.ConsumeQueueEntryLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's bookkeeping, unit by unit: locks, membership, offsets, topics, tag filters. */
class BrokerStateTest {
    @TempDir
    Path dir;

    @Test
    void queueLockGoesToOneClientAndToAnotherOnlyAfterItsLeaseOrRelease() {
        MutableClock clock = new MutableClock(1_000);
        QueueLocks locks = new QueueLocks(clock, 60_000);
        assertThat(locks.lock("g", "t", "c1", List.of(0, 1))).containsExactly(0, 1);
        assertThat(locks.lock("g", "t", "c2", List.of(0, 1, 2))).containsExactly(2);
        clock.advance(59_000);
        assertThat(locks.lock("g", "t", "c1", List.of(0))).containsExactly(0);
        clock.advance(30_000);
        assertThat(locks.lock("g", "t", "c2", List.of(0, 1))).as("queue 1's lease ran out, queue 0 was renewed")
            .containsExactly(1);
        locks.unlock("g", "t", "c1", List.of(0));
        assertThat(locks.lock("g", "t", "c2", List.of(0))).containsExactly(0);
        locks.releaseAll("c2");
        assertThat(locks.holder("g", "t", 0)).isNull();
        assertThat(locks.lock("other-group", "t", "c9", List.of(2))).as("locks are per group").containsExactly(2);
    }

    @Test
    void membersLeaveOnExpiryOrWhenTheirConnectionCloses() {
        MutableClock clock = new MutableClock(0);
        ClientRegistry clients = new ClientRegistry(clock, 10_000);
        EmbeddedChannel ch1 = new EmbeddedChannel();
        EmbeddedChannel ch2 = new EmbeddedChannel();
        ConsumerGroupInfo g = new ConsumerGroupInfo("g", false, false, List.of());
        clients.heartbeat("b-client", ch1, List.of(g), List.of());
        clients.heartbeat("a-client", ch2, List.of(g), List.of("pg"));
        assertThat(clients.consumersOf("g")).containsExactly("a-client", "b-client");
        assertThat(clients.producersOf("pg")).containsExactly(ch2);
        clock.advance(9_000);
        clients.heartbeat("a-client", ch2, List.of(g), List.of());
        clock.advance(2_000);
        assertThat(clients.expire()).isEqualTo(1);
        assertThat(clients.consumersOf("g")).containsExactly("a-client");
        assertThat(clients.channelClosed(ch2)).containsExactly("a-client");
        assertThat(clients.consumersOf("g")).isEmpty();
    }

    @Test
    void offsetsAndTopicsSurviveARestart() {
        ConsumerOffsets offsets = new ConsumerOffsets(dir);
        offsets.commit(new OffsetKey("g@x", "t", 3), 42);
        offsets.flush();
        assertThat(new ConsumerOffsets(dir).committed(new OffsetKey("g@x", "t", 3))).hasValue(42);
        TopicRegistry topics = new TopicRegistry(dir, false, 4);
        topics.createOrUpdate("%RETRY%g", 1);
        assertThat(new TopicRegistry(dir, false, 4).find("%RETRY%g")).hasValueSatisfying(
            t -> assertThat(t.queueCount()).isEqualTo(1));
        assertThat(new TopicRegistry(dir, false, 4).find("nope")).isEmpty();
        assertThat(new TopicRegistry(dir, true, 4).find("auto")).hasValueSatisfying(
            t -> assertThat(t.queueCount()).isEqualTo(4));
    }

    @Test
    void tagExpressionsMatchByHashThenByName() {
        SubscriptionFilter f = SubscriptionFilter.parse(" TagA || TagB ");
        assertThat(f.test(ConsumeQueueEntryLayout.tagHash("TagA"))).isTrue();
        assertThat(f.test(ConsumeQueueEntryLayout.tagHash("TagC"))).isFalse();
        assertThat(f.matchesTag("TagB")).isTrue();
        assertThat(f.matchesTag(null)).isFalse();
        assertThat(SubscriptionFilter.parse("*").matchesTag(null)).isTrue();
        assertThatThrownBy(() -> SubscriptionFilter.parse("A || || B")).isInstanceOf(BrokerException.class);
    }
}
