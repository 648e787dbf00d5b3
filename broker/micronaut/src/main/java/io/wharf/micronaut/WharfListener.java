package io.wharf.micronaut;

import io.micronaut.context.annotation.Executable;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that consumes a topic. One consumer of the group is started per annotated method when the
 * application starts, and shut down gracefully (stop pulling, finish running calls, commit offsets) when it stops.
 *
 * <p>Parameters: one payload parameter of any type, decoded from the JSON body with micronaut-serde (or
 * {@code byte[]} / {@code String} for the raw body), and optionally a {@link MessageMetadata} parameter. A method
 * that returns normally has consumed the message: return only after its work has committed. An exception means
 * "try again later": a concurrent listener's message goes through the group's retry ladder (and after
 * {@link #maxReconsumeTimes} to its dead-letter queue), an orderly listener's queue is suspended and the same
 * message retried. A body that cannot be decoded into the payload type is a poison message: it goes to the
 * dead-letter queue at once, with the decoding error as its reason.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Executable(processOnStartup = true)
public @interface WharfListener {
    /** The topic to consume. */
    String topic();

    /** The consumer group; every instance of the application with the same group shares the topic's queues. */
    String group();

    /** A tag expression ({@code "*"} or {@code "TagA || TagB"}); ignored when {@link #sql} is set. */
    String tags() default "*";

    /** A SQL92 expression over message properties, evaluated on the broker, e.g. {@code "op = 'u'"}. */
    String sql() default "";

    /** Consume each queue in order, one message at a time per queue, guarded by a broker queue lock. */
    boolean orderly() default false;

    /** Listener threads; 0 takes {@code wharf.consumer.threads} (or the client default). */
    int threads() default 0;

    /** Retries before the dead-letter queue; -1 takes the group's configured policy or the broker default. */
    int maxReconsumeTimes() default -1;

    /** Where a group without a committed offset starts. */
    StartFrom startFrom() default StartFrom.LAST_OFFSET;

    /** Where a new group starts reading a queue. */
    enum StartFrom {
        /** The first message still stored. */
        FIRST_OFFSET,
        /** Only messages stored after the group first joined. */
        LAST_OFFSET
    }
}
