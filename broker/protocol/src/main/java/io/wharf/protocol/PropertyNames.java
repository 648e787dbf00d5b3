package io.wharf.protocol;

/** Message properties the broker and clients understand. Anything else is a user property. */
public final class PropertyNames {
    /** The message's tag, used for broker-side filtering. */
    public static final String TAGS = "TAGS";
    /** Business keys separated by a space; indexed for query by key. */
    public static final String KEYS = "KEYS";
    /** The producer-generated unique message id; indexed like a key. */
    public static final String UNIQ_KEY = "UNIQ_KEY";
    /** Set by clients that trace; reserved. */
    public static final String TRACE_ON = "TRACE_ON";
    /** "true" on a transactional message, its half and its committed copy. */
    public static final String TRAN_MSG = "TRAN_MSG";
    /** The producer group of a transactional message: whom the broker asks in a check-back. */
    public static final String PGROUP = "PGROUP";
    /** On a half message or a scheduled (delayed, timer) message: the topic it is delivered to. */
    public static final String REAL_TOPIC = "REAL_TOPIC";
    /** On a half message or a scheduled (delayed, timer) message: the queue it is delivered to. */
    public static final String REAL_QID = "REAL_QID";
    /** How often the broker has asked about a half message's transaction. */
    public static final String TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    /** Delay level (1-based index into the broker's level table); the message is delivered when it is due. */
    public static final String DELAY = "DELAY";
    /** Absolute delivery time in epoch milliseconds (a timer message); bounded by the broker's horizon. */
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    /** The topic a retried or dead message was first consumed from. */
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    /** The message id of the message first consumed, kept across retries and the DLQ. */
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    /** The maximum reconsume count the consumer asked for when it sent the message back. */
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    /** Epoch milliseconds of the first failed consumption. */
    public static final String FIRST_FAILURE_TIME = "FIRST_FAILURE_TIME";
    /** Epoch milliseconds of each failed consumption, comma-separated, most recent last (bounded). */
    public static final String FAILURE_TIMES = "FAILURE_TIMES";
    /** Why the consumer last failed on the message, when it said (e.g. a payload that cannot be decoded). */
    public static final String FAILURE_REASON = "FAILURE_REASON";
    /** On a message re-driven from a DLQ: the DLQ queue offset it came from (detects repeated re-drives). */
    public static final String DLQ_OFFSET = "DLQ_OFFSET";

    private PropertyNames() {
    }
}
