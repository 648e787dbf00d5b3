package io.wharf.server.processor;

import io.wharf.protocol.body.OffsetCommitRequest;
import io.wharf.protocol.body.OffsetQueryRequest;
import io.wharf.protocol.body.OffsetQueryResponse;
import io.wharf.protocol.body.StartPolicy;
import io.wharf.server.offset.ConsumerOffsets;
import io.wharf.server.offset.OffsetKey;
import io.wharf.store.MessageStore;
import java.util.OptionalLong;

/**
 * Commits consumer offsets and tells a consumer where to continue: its committed offset, or for a group that
 * never committed one, where its start policy says (first, last, or the first message at a timestamp).
 */
public final class OffsetProcessor {
    private final MessageStore store;
    private final ConsumerOffsets offsets;

    public OffsetProcessor(MessageStore store, ConsumerOffsets offsets) {
        this.store = store;
        this.offsets = offsets;
    }

    public void commit(OffsetCommitRequest r) {
        if (r.offset() < 0) {
            throw new IllegalArgumentException("offset must be >= 0");
        }
        offsets.commit(new OffsetKey(r.group(), r.topic(), r.queueId()), r.offset());
    }

    public OffsetQueryResponse query(OffsetQueryRequest r) {
        OptionalLong committed = offsets.committed(new OffsetKey(r.group(), r.topic(), r.queueId()));
        if (committed.isPresent()) {
            return new OffsetQueryResponse(committed.getAsLong(), true);
        }
        long[] bounds = store.queueBounds(r.topic(), r.queueId());
        long start = switch (StartPolicy.of(r.startPolicy())) {
            case FIRST_OFFSET -> bounds[0];
            case LAST_OFFSET -> bounds[1];
            case TIMESTAMP -> store.offsetForTimestamp(r.topic(), r.queueId(), r.timestampMs());
        };
        return new OffsetQueryResponse(start, false);
    }
}
