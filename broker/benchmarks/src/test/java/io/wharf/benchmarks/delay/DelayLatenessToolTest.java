package io.wharf.benchmarks.delay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DelayLatenessToolTest {

    @Test
    void parsesTheLevelTableAndTheSpread() {
        DelayLatenessTool.Options o = DelayLatenessTool.Options.parse(
            new String[] {"--messages", "10", "--levels", "200ms 1s 2m", "--timer-spread", "20s"});
        assertThat(o.messages()).isEqualTo(10);
        assertThat(o.levelMs()).containsExactly(200, 1000, 120_000);
        assertThat(o.spreadMs()).isEqualTo(20_000);
    }

    @Test
    void tracksLatenessEarlinessDuplicatesAndMissing() {
        DelayTracker t = new DelayTracker(3);
        t.sending(0, DelayTracker.LEVEL, 1000);
        t.sending(1, DelayTracker.TIMER, 2000);
        t.sending(2, DelayTracker.TIMER, 3000);
        t.acked(0, 1);
        t.acked(1, 1);
        t.acked(2, 1);
        t.received(0, 1050);
        t.received(0, 1100);
        t.received(1, 1990);
        assertThat(t.duplicates()).isEqualTo(1);
        assertThat(t.early()).isEqualTo(1);
        assertThat(t.maxEarlyMs()).isEqualTo(10);
        assertThat(t.missing()).isEqualTo(1);
        assertThat(t.lateness((byte) 0).count()).isEqualTo(1);
        assertThat(t.lateness(DelayTracker.LEVEL).maxNs()).isEqualTo(50_000_000L);
    }
}
