package io.wharf.server.schedule;

import io.wharf.server.health.NodeHealth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.protocol.PropertyNames;
import io.wharf.server.MutableClock;
import io.wharf.store.FlushMode;
import io.wharf.store.MessageStore;
import io.wharf.store.QueueReadResult;
import io.wharf.store.StoreConfig;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The level and timer schedulers driven by a hand-moved clock: nothing is delivered early, late or twice. */
@Timeout(60)
class ScheduleServiceTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private MessageStore store;
    private ScheduledMessages messages;

    private ScheduleService open() {
        store = MessageStore.open(StoreConfig.builder(dir.resolve("store")).smallFilesForTests()
            .flushMode(FlushMode.ASYNC).build(), clock);
        messages = new ScheduledMessages(DelayLevels.parse("1s 5s 10s"), 60_000, clock);
        return new ScheduleService(store, messages, clock, dir.resolve("config"), 1000,
            new NodeHealth());
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private void send(String body, Map<String, String> props) {
        store.append(messages.divert(RecordContent.of("orders", 1, props, body.getBytes(StandardCharsets.UTF_8))))
            .join();
    }

    private List<String> delivered() throws InterruptedException {
        awaitDispatched();
        long end = store.queueBounds("orders", 1)[1];
        QueueReadResult r = store.read("orders", 1, 0, 1000, 1 << 20, h -> true);
        if (end == 0) {
            return List.of();
        }
        return r.decoded().stream().map(d -> new String(d.body(), StandardCharsets.UTF_8)).toList();
    }

    private void awaitDispatched() throws InterruptedException {
        while (store.dispatchedPosition().index() < store.endPosition().index()) {
            Thread.sleep(1);
        }
    }

    @Test
    void delayLevelsDeliverExactlyWhenDueInDueOrder() throws Exception {
        ScheduleService s = open();
        send("a-10s", Map.of(PropertyNames.DELAY, "3"));
        send("b-1s", Map.of(PropertyNames.DELAY, "1"));
        clock.advance(500);
        send("c-1s", Map.of(PropertyNames.DELAY, "1"));
        awaitDispatched();
        assertThat(s.deliverDue()).isEqualTo(T0 + 1000);
        assertThat(delivered()).isEmpty();
        clock.advance(499);
        assertThat(s.deliverDue()).isEqualTo(T0 + 1000);
        clock.advance(1);
        assertThat(s.deliverDue()).isEqualTo(T0 + 1500);
        assertThat(delivered()).containsExactly("b-1s");
        clock.advance(10_000);
        awaitDispatched();
        assertThat(s.deliverDue()).isEqualTo(Long.MAX_VALUE);
        assertThat(delivered()).containsExactly("b-1s", "c-1s", "a-10s");
        DecodedRecord first = store.read("orders", 1, 0, 1, 1 << 20, h -> true).decoded().get(0);
        assertThat(first.properties()).doesNotContainKeys(PropertyNames.DELAY, PropertyNames.REAL_TOPIC,
            PropertyNames.REAL_QID);
        assertThat(first.topic()).isEqualTo("orders");
        assertThat(first.queueId()).isEqualTo(1);
    }

    @Test
    void levelAboveTheTableUsesTheLastLevelAndLevelZeroIsImmediate() throws Exception {
        ScheduleService s = open();
        send("now", Map.of(PropertyNames.DELAY, "0"));
        send("max", Map.of(PropertyNames.DELAY, "99"));
        awaitDispatched();
        assertThat(delivered()).containsExactly("now");
        assertThat(s.deliverDue()).isEqualTo(T0 + 10_000);
    }

    @Test
    void timersDeliverInTimeOrderAndTheHorizonIsEnforced() throws Exception {
        ScheduleService s = open();
        send("t3", Map.of(PropertyNames.TIMER_DELIVER_MS, Long.toString(T0 + 3000)));
        send("t1", Map.of(PropertyNames.TIMER_DELIVER_MS, Long.toString(T0 + 1000)));
        send("t2", Map.of(PropertyNames.TIMER_DELIVER_MS, Long.toString(T0 + 2000)));
        send("past", Map.of(PropertyNames.TIMER_DELIVER_MS, Long.toString(T0 - 5)));
        assertThatThrownBy(() -> send("far", Map.of(PropertyNames.TIMER_DELIVER_MS, Long.toString(T0 + 60_001))))
            .isInstanceOf(IllegalArgumentException.class);
        awaitDispatched();
        assertThat(s.deliverDue()).isEqualTo(T0 + 1000);
        assertThat(delivered()).containsExactly("past");
        clock.advance(2000);
        assertThat(s.deliverDue()).isEqualTo(T0 + 3000);
        awaitDispatched();
        assertThat(delivered()).containsExactly("past", "t1", "t2");
    }

    @Test
    void progressSurvivesACleanRestartWithoutDuplicates() throws Exception {
        ScheduleService s = open();
        for (int i = 0; i < 5; i++) {
            send("d" + i, Map.of(PropertyNames.DELAY, "1"));
            send("t" + i, Map.of(PropertyNames.TIMER_DELIVER_MS, Long.toString(T0 + 1000 + i * 1000L)));
        }
        awaitDispatched();
        clock.advance(2000);
        s.deliverDue();
        s.close();
        awaitDispatched();
        List<String> before = delivered();
        assertThat(before).containsExactlyInAnyOrder("d0", "d1", "d2", "d3", "d4", "t0", "t1");
        store.close();
        ScheduleService again = open();
        awaitDispatched();
        assertThat(again.deliverDue()).isEqualTo(T0 + 3000);
        clock.advance(10_000);
        again.deliverDue();
        awaitDispatched();
        assertThat(delivered()).hasSize(10).doesNotHaveDuplicates();
    }
}
