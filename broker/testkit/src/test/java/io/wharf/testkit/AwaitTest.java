package io.wharf.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void holdsForPassesWhenTheConditionHoldsThroughoutAndFailsAsSoonAsItBreaks() {
        assertThatCode(() -> Await.holdsFor(Duration.ofMillis(100), () -> true, () -> "fine"))
            .doesNotThrowAnyException();
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.holdsFor(Duration.ofSeconds(30), () -> calls.incrementAndGet() < 3,
            () -> "calls " + calls)).isInstanceOf(AssertionError.class).hasMessageContaining("calls 3");
        assertThatCode(() -> {
            if (System.nanoTime() - start > Duration.ofSeconds(5).toNanos()) {
                throw new AssertionError("did not fail fast");
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void untilFailsWithTheStateWhenTheConditionNeverHolds() {
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(100), () -> false, () -> "still waiting"))
            .isInstanceOf(AssertionError.class).hasMessageContaining("still waiting");
    }
}
