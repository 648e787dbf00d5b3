package io.wharf.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * JUnit's {@code @Timeout} for jqwik, which ignores it: a property of the annotated class still running after
 * {@link #seconds()} has its thread interrupted (every wait in the store tests is interruptible), every later
 * try, shrinking included, fails at once, and the property fails as timed out. jqwik must run the property on
 * its own thread, so unlike JUnit's timeout this one cannot abandon a thread stuck in a busy loop.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(value = PropertyTimeout.Hook.class, propagateTo = PropagationMode.DIRECT_DESCENDANTS)
public @interface PropertyTimeout {
    int seconds();

    /** Watches each property of a {@link PropertyTimeout} class. */
    final class Hook implements AroundPropertyHook, AroundTryHook {
        private static final ThreadLocal<Long> DEADLINE_NS = new ThreadLocal<>();

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property)
            throws InterruptedException {
            Duration limit = Duration.ofSeconds(context.findAnnotationsInContainer(PropertyTimeout.class).stream()
                .mapToInt(PropertyTimeout::seconds).findFirst().orElseThrow());
            Thread propertyThread = Thread.currentThread();
            AtomicBoolean expired = new AtomicBoolean();
            Thread watchdog = Thread.ofPlatform().daemon().name("timeout of " + context.label()).start(() -> {
                try {
                    Thread.sleep(limit);
                    expired.set(true);
                    propertyThread.interrupt();
                } catch (InterruptedException ignored) {
                    // the property finished in time
                }
            });
            DEADLINE_NS.set(System.nanoTime() + limit.toNanos());
            PropertyExecutionResult result;
            try {
                result = property.execute();
            } finally {
                DEADLINE_NS.remove();
                watchdog.interrupt();
                watchdog.join();
            }
            if (expired.get()) {
                Thread.interrupted();
                return result.mapToFailed(new AssertionError(context.label() + " did not finish within " + limit));
            }
            return result;
        }

        @Override
        public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
            Long deadline = DEADLINE_NS.get();
            if (deadline != null && System.nanoTime() - deadline > 0) {
                return TryExecutionResult.falsified(new AssertionError("the property ran out of time"));
            }
            return aTry.execute(parameters);
        }
    }
}
