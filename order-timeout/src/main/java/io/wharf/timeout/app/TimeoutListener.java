package io.wharf.timeout.app;

import io.wharf.contracts.Groups;
import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.contracts.order.OrderTimeoutCheck;
import io.wharf.micronaut.WharfListener;
import jakarta.inject.Singleton;

/** Consumes the delayed OrderTimeoutCheck messages (group {@code order-timeout}). */
@Singleton
public class TimeoutListener {
    private final TimeoutChecker checker;

    public TimeoutListener(TimeoutChecker checker) {
        this.checker = checker;
    }

    @WharfListener(topic = Topics.ORDER_TIMEOUT, group = Groups.ORDER_TIMEOUT, tags = Tags.ORDER_TIMEOUT_CHECK,
        startFrom = WharfListener.StartFrom.FIRST_OFFSET)
    public void onCheck(OrderTimeoutCheck check) {
        checker.check(check);
    }
}
