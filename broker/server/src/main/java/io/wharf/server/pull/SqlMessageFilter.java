package io.wharf.server.pull;

import io.wharf.server.filter.SqlExpression;
import io.wharf.store.format.DecodedRecord;

/**
 * A SQL92 subscription. The consume queue holds only a tag hash, so every message is read and the condition is
 * evaluated on its properties.
 */
record SqlMessageFilter(SqlExpression condition) implements MessageFilter {
    @Override
    public boolean test(long tagHash) {
        return true;
    }

    @Override
    public boolean matches(DecodedRecord record) {
        return condition.matches(record.properties());
    }
}
