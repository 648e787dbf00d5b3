package io.wharf.server.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.server.transaction.HalfTable.Due;
import io.wharf.server.transaction.PendingHalf.OpKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class HalfTableTest {
    private static final TransactionConfig CONFIG = new TransactionConfig(6000, 30_000, 3);

    private final HalfTable table = new HalfTable(CONFIG);

    @Test
    void halfIsFirstCheckedAfterTheTimeoutThenEveryIntervalThenDiscarded() {
        PendingHalf h = half(100, 0, 1_000);
        table.add(h);

        assertThat(table.due(6_999)).isEmpty();
        assertThat(table.due(7_000)).containsExactly(new Due(h, false));

        for (int check = 1; check <= 3; check++) {
            long now = 7_000 + (check - 1) * 30_000L;
            table.checkStarted(h, now);
            assertThat(table.due(now + 29_999)).as("in flight").isEmpty();
            table.checkFinished(h);
            assertThat(table.due(now + 29_999)).as("before the interval").isEmpty();
        }
        assertThat(table.due(7_000 + 90_000)).containsExactly(new Due(h, true));
    }

    @Test
    void checksRestoredFromTheStoreKeepTheirCountAndLastTime() {
        PendingHalf h = new PendingHalf(100, 0, "tx", "g", 1_000, 2, 50_000);
        table.add(h);

        assertThat(table.due(79_999)).isEmpty();
        assertThat(table.due(80_000)).containsExactly(new Due(h, false));
    }

    @Test
    void halfBeingEndedIsNotCheckedAndASecondEndSharesTheFirst() {
        PendingHalf h = half(100, 0, 0);
        table.add(h);

        assertThat(table.beginEnd(h, OpKind.COMMIT)).isNull();
        assertThat(table.beginEnd(h, OpKind.COMMIT)).isSameAs(h.ended);
        assertThat(table.beginEnd(h, OpKind.ROLLBACK)).isCompletedExceptionally();
        assertThat(table.due(1_000_000)).isEmpty();

        table.ended(h);
        assertThat(table.get(100)).isNull();
        assertThat(table.recentEnd(100)).isEqualTo(OpKind.COMMIT);
    }

    @Test
    void failedEndLeavesTheHalfPendingForTheNextCheck() {
        PendingHalf h = half(100, 0, 0);
        table.add(h);
        table.beginEnd(h, OpKind.COMMIT);
        table.endFailed(h);

        assertThat(table.due(6_000)).containsExactly(new Due(h, false));
    }

    @Test
    void progressIsTheOldestPendingHalfOrTheQueueEnd() {
        PendingHalf a = half(100, 4, 0);
        PendingHalf b = half(200, 5, 0);
        table.halfQueueEnd(4);
        table.add(a);
        table.add(b);
        assertThat(table.progress()).isEqualTo(4);

        table.beginEnd(a, OpKind.ROLLBACK);
        table.ended(a);
        assertThat(table.progress()).isEqualTo(5);

        table.beginEnd(b, OpKind.COMMIT);
        table.ended(b);
        assertThat(table.progress()).isEqualTo(6);
    }

    @Test
    void dueHalvesComeOldestFirst() {
        PendingHalf late = half(300, 2, 0);
        PendingHalf early = half(100, 1, 0);
        table.add(late);
        table.add(early);

        assertThat(table.due(6_000).stream().map(Due::half).toList()).isEqualTo(List.of(early, late));
    }

    private static PendingHalf half(long offset, long queueOffset, long storedAtMs) {
        return new PendingHalf(offset, queueOffset, "tx-" + offset, "g", storedAtMs, 0, 0L);
    }
}
