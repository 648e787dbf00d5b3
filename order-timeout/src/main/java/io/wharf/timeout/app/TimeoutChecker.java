package io.wharf.timeout.app;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.wharf.contracts.Keys;
import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.contracts.order.OrderTimeoutCheck;
import io.wharf.micronaut.OutgoingMessage;
import io.wharf.micronaut.WharfPublisher;
import io.wharf.timeout.TimeoutsConfiguration;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one delivered check (seed 001 §1.5, seed 004 §8–9): asks order-service for the order and closes it if
 * it is still unpaid; in stepwise mode only the {@code steps}-th check closes, each earlier one sends the next.
 * When order-service does not answer the check is sent again with {@code retry-delay-level} (the message is not
 * lost, and nothing burns through a retry budget); a repeated check is harmless, since close is idempotent.
 */
@Singleton
public class TimeoutChecker {
    private static final Logger LOG = LoggerFactory.getLogger(TimeoutChecker.class);

    private final OrderServiceClient orders;
    private final WharfPublisher publisher;
    private final TimeoutsConfiguration config;
    private final TimeoutStats stats;
    private final Clock clock;

    public TimeoutChecker(OrderServiceClient orders, WharfPublisher publisher, TimeoutsConfiguration config,
                          TimeoutStats stats, Clock clock) {
        this.orders = orders;
        this.publisher = publisher;
        this.config = config;
        this.stats = stats;
        this.clock = clock;
    }

    /** Handles the check; throws only when a follow-up check could not be published (the broker retries it). */
    public CheckOutcome check(OrderTimeoutCheck check) {
        Instant now = clock.instant();
        stats.delivered(Duration.between(check.dueAt(), now));
        CheckOutcome outcome;
        try {
            outcome = decide(check, now);
        } catch (HttpClientResponseException e) {
            if (e.getStatus() == HttpStatus.NOT_FOUND) {
                outcome = CheckOutcome.UNKNOWN_ORDER;
            } else if (e.getStatus() == HttpStatus.CONFLICT) {
                outcome = CheckOutcome.SKIPPED_PAID;
            } else {
                outcome = retryLater(check, now, e.getStatus().getCode() + " " + e.getMessage());
            }
        } catch (HttpClientException e) {
            outcome = retryLater(check, now, e.getMessage());
        }
        stats.outcome(outcome);
        return outcome;
    }

    private CheckOutcome decide(OrderTimeoutCheck check, Instant now) {
        OrderServiceClient.OrderState order = orders.get(check.orderId());
        if ("PAID".equals(order.status())) {
            return CheckOutcome.SKIPPED_PAID;
        }
        if ("CLOSED".equals(order.status())) {
            return CheckOutcome.SKIPPED_CLOSED;
        }
        if (!order.unpaid()) {
            LOG.warn("order {} has status {}; leaving it", check.orderId(), order.status());
            return CheckOutcome.SKIPPED_CLOSED;
        }
        if (config.getMode() == TimeoutsConfiguration.Mode.STEPWISE && check.attempt() < config.getSteps()) {
            send(check.next(now.plus(config.getStepDelay())), config.getStepDelayLevel());
            return CheckOutcome.RESCHEDULED;
        }
        OrderServiceClient.OrderState closed = orders.close(check.orderId(),
            new OrderServiceClient.CloseCommand(config.getCloseReason()));
        LOG.info("order {} closed unpaid after check {} ({})", check.orderId(), check.attempt(), closed.status());
        return CheckOutcome.CLOSED;
    }

    private CheckOutcome retryLater(OrderTimeoutCheck check, Instant now, String why) {
        LOG.warn("order-service did not answer the check of {} ({}); checking again in {}", check.orderId(), why,
            config.getRetryDelay());
        send(OrderTimeoutCheck.of(check.orderId(), check.attempt(), now.plus(config.getRetryDelay())),
            config.getRetryDelayLevel());
        return CheckOutcome.RETRY;
    }

    private void send(OrderTimeoutCheck next, int delayLevel) {
        publisher.publish(OutgoingMessage.to(Topics.ORDER_TIMEOUT).tag(Tags.ORDER_TIMEOUT_CHECK)
            .key(Keys.forOrder(next.orderId())).delayLevel(delayLevel).payload(next).build());
    }
}
