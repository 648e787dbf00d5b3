package io.wharf.order.app;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.wharf.order.Json;
import io.wharf.order.OrdersConfiguration;
import io.wharf.order.domain.OrderDraft;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;

/**
 * Orders parked in Redis while the database is down (seed 001 §1.3): {@code order:parked:<id>} holds the
 * {@link OrderDraft} as JSON, the set {@code order:parked} lists the ids, and {@code order:idem:<key>} maps a
 * client's Idempotency-Key to the parked order. Every call throws when Redis is unreachable.
 */
@Singleton
public class ParkedOrders {
    private static final String ORDER = "order:parked:";
    private static final String INDEX = "order:parked";
    private static final String IDEMPOTENCY = "order:idem:";
    private static final Argument<OrderDraft> DRAFT = Argument.of(OrderDraft.class);

    private final StatefulRedisConnection<String, String> redis;
    private final Json json;
    private final long ttlSeconds;

    public ParkedOrders(StatefulRedisConnection<String, String> redis, Json json, OrdersConfiguration config) {
        this.redis = redis;
        this.redis.setTimeout(config.getRedisTimeout());
        this.json = json;
        this.ttlSeconds = config.getParkedTtl().toSeconds();
    }

    public void park(OrderDraft draft) {
        RedisCommands<String, String> c = redis.sync();
        SetArgs ttl = SetArgs.Builder.ex(ttlSeconds);
        c.set(ORDER + draft.orderId(), json.write(draft), ttl);
        if (draft.idempotencyKey() != null) {
            c.set(IDEMPOTENCY + draft.idempotencyKey(), draft.orderId(), ttl);
        }
        c.sadd(INDEX, draft.orderId());
    }

    public Optional<OrderDraft> find(String orderId) {
        String value = redis.sync().get(ORDER + orderId);
        return value == null ? Optional.empty() : Optional.of(json.read(value, DRAFT));
    }

    /** The parked order placed with an Idempotency-Key. */
    public Optional<OrderDraft> findByIdempotencyKey(String key) {
        String orderId = redis.sync().get(IDEMPOTENCY + key);
        return orderId == null ? Optional.empty() : find(orderId);
    }

    public Set<String> ids() {
        return redis.sync().smembers(INDEX);
    }

    /** Forgets a parked order once it is in the database. */
    public void remove(String orderId, @Nullable String idempotencyKey) {
        RedisCommands<String, String> c = redis.sync();
        c.del(ORDER + orderId);
        if (idempotencyKey != null) {
            c.del(IDEMPOTENCY + idempotencyKey);
        }
        c.srem(INDEX, orderId);
    }
}
