package io.wharf.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * JUnit's {@code @Timeout} for jqwik, which ignores it: each property of the annotated class runs on its own
 * thread and fails when it is not done within {@link #seconds()}, hung or not.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(PropertyTimeout.Hook.class)
public @interface PropertyTimeout {
    int seconds();

    /** Runs the property on a separate thread and waits for it with a deadline. */
    final class Hook implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property)
            throws Throwable {
            int seconds = context.findAnnotationsInContainer(PropertyTimeout.class).stream()
                .mapToInt(PropertyTimeout::seconds).findFirst().orElseThrow();
            FutureTask<PropertyExecutionResult> task = new FutureTask<>(property::execute);
            Thread runner = new Thread(task, "property " + context.label());
            runner.setDaemon(true);
            runner.start();
            try {
                return task.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                runner.interrupt();
                throw new AssertionError("property " + context.label() + " did not finish within " + seconds + " s");
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        }
    }
}
