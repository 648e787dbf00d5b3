package io.wharf.client.consumer;

import io.wharf.protocol.body.StartPolicy;

/**
 * Where a consumer group starts in a queue for which it has no committed offset yet. Once it committed one it
 * always continues from there, whatever this says.
 */
public enum ConsumeFromWhere {
    /** The oldest message the broker still holds: a new group consumes the history. */
    CONSUME_FROM_FIRST_OFFSET(StartPolicy.FIRST_OFFSET),
    /** Only messages stored from now on. */
    CONSUME_FROM_LAST_OFFSET(StartPolicy.LAST_OFFSET),
    /** The first message stored at or after {@link ConsumerConfig#consumeTimestampMs()}. */
    CONSUME_FROM_TIMESTAMP(StartPolicy.TIMESTAMP);

    private final StartPolicy startPolicy;

    ConsumeFromWhere(StartPolicy startPolicy) {
        this.startPolicy = startPolicy;
    }

    StartPolicy startPolicy() {
        return startPolicy;
    }
}
