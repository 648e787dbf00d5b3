package io.wharf.micronaut.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private final SequenceTracker tracker = new SequenceTracker(Duration.ofSeconds(60));

    private void see(String producer, long n, Instant at) {
        tracker.record("order-events", "OrderPaid", new SequenceStamp(producer, n), at);
    }

    @Test
    void holeIsReportedOnlyAfterTheWindowAndClosedByTheLateNumber() {
        see("p", 1, T0);
        see("p", 2, T0);
        see("p", 4, T0.plusSeconds(5));
        assertThat(tracker.gaps(T0.plusSeconds(30))).as("inside the window").isEmpty();
        assertThat(tracker.openNumbers(T0.plusSeconds(30))).as("open, not reported yet").isEqualTo(1);
        assertThat(tracker.gaps(T0.plusSeconds(65))).containsExactly(
            new SequenceGap("p", "order-events", "OrderPaid", 3, 3, T0.plusSeconds(5)));
        assertThat(tracker.openNumbers(T0.plusSeconds(65))).as("reported, no longer open").isZero();
        see("p", 3, T0.plusSeconds(70));
        assertThat(tracker.gaps(T0.plusSeconds(80))).isEmpty();
        assertThat(tracker.openNumbers(T0.plusSeconds(80))).isZero();
    }

    @Test
    void holesOfOneStreamAreSplitAndEachIsOpenSinceTheEarliestLaterArrival() {
        see("p", 1, T0);
        see("p", 7, T0.plusSeconds(1));
        see("p", 4, T0.plusSeconds(2));
        assertThat(tracker.gaps(T0.plusSeconds(100))).containsExactly(
            new SequenceGap("p", "order-events", "OrderPaid", 2, 3, T0.plusSeconds(1)),
            new SequenceGap("p", "order-events", "OrderPaid", 5, 6, T0.plusSeconds(1)));
    }

    @Test
    void producersAndDuplicatesAreTrackedApartAndAStreamStartsWhereTheAuditJoined() {
        see("a", 41, T0);
        see("a", 42, T0);
        see("a", 42, T0);
        see("b", 1, T0);
        see("b", 3, T0);
        assertThat(tracker.streamCount()).isEqualTo(2);
        assertThat(tracker.messages()).isEqualTo(5);
        assertThat(tracker.gaps(T0.plusSeconds(61))).extracting(SequenceGap::producer, SequenceGap::from)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 2L));
    }

    @Test
    void tagsAreSeparateStreams() {
        tracker.record("order-events", "OrderPaid", new SequenceStamp("p", 1), T0);
        tracker.record("order-events", "OrderPlaced", new SequenceStamp("p", 1), T0);
        tracker.record("order-events", "OrderPlaced", new SequenceStamp("p", 2), T0);
        assertThat(tracker.gaps(T0.plusSeconds(61))).isEmpty();
    }
}
