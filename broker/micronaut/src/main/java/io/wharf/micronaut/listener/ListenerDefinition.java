package io.wharf.micronaut.listener;

import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.ExecutableMethod;
import io.wharf.micronaut.WharfListener;

/**
 * One {@code @WharfListener} method found at start-up, with its annotation's values.
 *
 * @param bean       the bean that declares it
 * @param method     the method
 * @param topic      the topic
 * @param group      the consumer group
 * @param tags       the tag expression
 * @param sql        the SQL92 expression, or empty
 * @param orderly    orderly consumption
 * @param threads    listener threads, 0 for the default
 * @param maxReconsumeTimes retries before the DLQ, -1 for the default
 * @param startFrom  where a new group starts
 */
public record ListenerDefinition(BeanDefinition<?> bean, ExecutableMethod<?, ?> method, String topic, String group,
                                 String tags, String sql, boolean orderly, int threads, int maxReconsumeTimes,
                                 WharfListener.StartFrom startFrom) {
    /** A readable name for logs and metrics: {@code Bean.method}. */
    public String name() {
        return bean.getBeanType().getSimpleName() + "." + method.getMethodName();
    }
}
