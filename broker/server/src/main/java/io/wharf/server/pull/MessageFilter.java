package io.wharf.server.pull;

import io.wharf.store.format.DecodedRecord;
import java.util.function.LongPredicate;

/**
 * What one subscription lets through, in two steps: {@link #test(long)} on the consume queue's tag hash decides
 * which messages are read at all, {@link #matches(DecodedRecord)} decides which of those read are delivered.
 */
interface MessageFilter extends LongPredicate {

    /** Whether a message read from the log is delivered. */
    boolean matches(DecodedRecord record);
}
