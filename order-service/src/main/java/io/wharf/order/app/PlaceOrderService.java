package io.wharf.order.app;

import io.micronaut.core.annotation.Nullable;
import io.wharf.contracts.order.OrderLine;
import io.wharf.micronaut.PublishException;
import io.wharf.micronaut.TransactionDecision;
import io.wharf.micronaut.TransactionalPublisher;
import io.wharf.order.domain.IdempotencyKey;
import io.wharf.order.domain.OrderDraft;
import io.wharf.order.domain.OrderIds;
import io.wharf.order.messaging.OrderMessages;
import io.wharf.order.persistence.IdempotencyKeyRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places orders the seeds' way (seed 001 §1): first the OrderPaid half message, invisible to consumers; then the
 * local transaction writes the order, and the half is left UNKNOWN while the order awaits its payment.
 * <ul>
 *   <li>Half not stored (broker unreachable): the order is written unannounced; the compensator stores its half
 *       later (§1.2), its other messages are spooled.</li>
 *   <li>Database write fails: the order is parked in Redis and the half left UNKNOWN; the check-back writes it to
 *       the database once it answers (§1.3).</li>
 *   <li>Database and Redis both fail: the half is rolled back and the caller told to retry (503).</li>
 * </ul>
 */
@Singleton
public class PlaceOrderService {
    private static final Logger LOG = LoggerFactory.getLogger(PlaceOrderService.class);

    private final TransactionalPublisher transactional;
    private final OrderTransactions transactions;
    private final OrderMessages messages;
    private final ParkedOrders parked;
    private final IdempotencyKeyRepository keys;
    private final OrderQueries queries;
    private final OrderIds ids;
    private final Clock clock;

    public PlaceOrderService(TransactionalPublisher transactional, OrderTransactions transactions,
                             OrderMessages messages, ParkedOrders parked, IdempotencyKeyRepository keys,
                             OrderQueries queries, OrderIds ids, Clock clock) {
        this.transactional = transactional;
        this.transactions = transactions;
        this.messages = messages;
        this.parked = parked;
        this.keys = keys;
        this.queries = queries;
        this.ids = ids;
        this.clock = clock;
    }

    /** How the local transaction ended. */
    private record Local(Placement.Outcome outcome, OrderDraft draft, @Nullable RuntimeException failure) {
        TransactionDecision decision() {
            return outcome == Placement.Outcome.REPEATED || failure != null ? TransactionDecision.ROLLBACK
                : TransactionDecision.UNKNOWN;
        }
    }

    /**
     * Places an order, or returns the one placed before with the same Idempotency-Key.
     *
     * @throws ServiceUnavailableException when neither the database nor Redis could keep it
     */
    public Placement place(String userId, List<OrderLine> lines, @Nullable String idempotencyKey) {
        Optional<Placement> repeat = repeatOf(idempotencyKey);
        if (repeat.isPresent()) {
            return repeat.get();
        }
        OrderDraft draft = OrderDraft.of(ids.next(), userId, lines, idempotencyKey, clock.instant());
        Local[] local = new Local[1];
        try {
            transactional.publishInTransaction(messages.paidHalf(draft.orderId(), userId, draft.total(),
                draft.createdAt()), half -> {
                    local[0] = writeOrPark(draft.withHalf(half.token()), false);
                    return local[0].decision();
                });
        } catch (PublishException e) {
            if (local[0] != null) {
                return answer(local[0]);
            }
            LOG.warn("OrderPaid half of {} not stored ({}); accepting it unannounced", draft.orderId(),
                e.getMessage());
            local[0] = writeOrPark(draft, true);
        }
        return answer(local[0]);
    }

    private Placement answer(Local local) {
        if (local.failure() != null) {
            throw new ServiceUnavailableException("order " + local.draft().orderId()
                + " could be kept neither in the database nor in Redis; nothing was placed", local.failure());
        }
        return switch (local.outcome()) {
            case CREATED -> new Placement(OrderView.of(local.draft().toOrder(), local.draft().lines()),
                Placement.Outcome.CREATED);
            case ACCEPTED -> new Placement(OrderView.accepted(local.draft()), Placement.Outcome.ACCEPTED);
            case REPEATED -> repeatOf(local.draft().idempotencyKey()).orElseThrow();
        };
    }

    private Local writeOrPark(OrderDraft draft, boolean brokerDown) {
        try {
            transactions.write(draft, brokerDown);
            return new Local(Placement.Outcome.CREATED, draft, null);
        } catch (RuntimeException dbFailure) {
            if (orderPlacedWith(draft.idempotencyKey()).isPresent()) {
                LOG.info("Idempotency-Key {} was used by a concurrent request; order {} dropped, its half rolled back",
                    draft.idempotencyKey(), draft.orderId());
                return new Local(Placement.Outcome.REPEATED, draft, null);
            }
            LOG.warn("writing order {} failed; parking it in Redis: {}", draft.orderId(), dbFailure.toString());
            try {
                parked.park(draft);
                return new Local(Placement.Outcome.ACCEPTED, draft, null);
            } catch (RuntimeException redisFailure) {
                LOG.error("parking order {} in Redis failed too: {}", draft.orderId(), redisFailure.toString());
                dbFailure.addSuppressed(redisFailure);
                return new Local(Placement.Outcome.ACCEPTED, draft, dbFailure);
            }
        }
    }

    /** The order a concurrent request with the same key placed, if the database says so. */
    private Optional<String> orderPlacedWith(@Nullable String key) {
        if (key == null) {
            return Optional.empty();
        }
        try {
            return keys.findById(key).map(IdempotencyKey::orderId);
        } catch (RuntimeException ignored) {
            return Optional.empty();
        }
    }

    private Optional<Placement> repeatOf(@Nullable String key) {
        if (key == null) {
            return Optional.empty();
        }
        Optional<IdempotencyKey> known;
        try {
            known = keys.findById(key);
        } catch (RuntimeException dbDown) {
            try {
                return parked.findByIdempotencyKey(key).map(d -> new Placement(OrderView.accepted(d),
                    Placement.Outcome.ACCEPTED));
            } catch (RuntimeException redisDown) {
                dbDown.addSuppressed(redisDown);
                throw new ServiceUnavailableException("cannot tell whether Idempotency-Key " + key
                    + " was used: database and Redis are unreachable", dbDown);
            }
        }
        if (known.isPresent()) {
            return queries.find(known.get().orderId()).map(v -> new Placement(v, Placement.Outcome.REPEATED));
        }
        try {
            return parked.findByIdempotencyKey(key).map(d -> new Placement(OrderView.accepted(d),
                Placement.Outcome.ACCEPTED));
        } catch (RuntimeException redisDown) {
            LOG.debug("Redis unreachable; Idempotency-Key {} taken as new", key);
            return Optional.empty();
        }
    }
}
