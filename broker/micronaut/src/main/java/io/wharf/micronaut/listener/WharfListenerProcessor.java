package io.wharf.micronaut.listener;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.context.processor.ExecutableMethodProcessor;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.json.JsonMapper;
import io.wharf.micronaut.WharfListener;
import io.wharf.micronaut.tracing.MessageTracing;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds every {@code @WharfListener} method as the context starts, binds it to its bean once the context is up
 * and hands them to the {@link ListenerContainer}; stops the container first thing on shutdown, so consumption
 * ends (offsets committed) while the beans it calls, such as data sources, are still there.
 */
@Singleton
@Requires(property = "wharf.enabled", notEquals = "false")
public class WharfListenerProcessor implements ExecutableMethodProcessor<WharfListener>,
    ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(WharfListenerProcessor.class);

    private final BeanContext context;
    private final List<ListenerDefinition> found = new CopyOnWriteArrayList<>();
    private volatile ListenerContainer started;

    public WharfListenerProcessor(BeanContext context) {
        this.context = context;
    }

    @Override
    public void process(BeanDefinition<?> beanDefinition, ExecutableMethod<?, ?> method) {
        AnnotationValue<WharfListener> a = method.getAnnotation(WharfListener.class);
        if (a == null) {
            return;
        }
        String topic = a.stringValue("topic").orElseThrow();
        String group = a.stringValue("group").orElseThrow();
        if (topic.isBlank() || group.isBlank()) {
            throw new IllegalStateException("@WharfListener on " + beanDefinition.getBeanType().getName() + "."
                + method.getMethodName() + " needs a topic and a group");
        }
        found.add(new ListenerDefinition(beanDefinition, method, topic, group, a.stringValue("tags").orElse("*"),
            a.stringValue("sql").orElse(""), a.booleanValue("orderly").orElse(false),
            a.intValue("threads").orElse(0), a.intValue("maxReconsumeTimes").orElse(-1),
            a.enumValue("startFrom", WharfListener.StartFrom.class).orElse(WharfListener.StartFrom.LAST_OFFSET)));
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (found.isEmpty()) {
            return;
        }
        JsonMapper json = context.getBean(JsonMapper.class);
        ListenerMetrics metrics = context.getBean(ListenerMetrics.class);
        MessageTracing tracing = context.getBean(MessageTracing.class);
        List<BoundListener> bound = new ArrayList<>();
        for (ListenerDefinition d : found) {
            bound.add(new BoundListener(d, context.getBean(d.bean()), json, metrics, tracing));
        }
        ListenerContainer container = context.getBean(ListenerContainer.class);
        container.start(bound);
        started = container;
        LOG.info("{} Wharf listener(s) started: {}", bound.size(), found.stream().map(d -> d.name() + " <- "
            + d.topic() + " (" + d.group() + ")").toList());
    }

    /** The listeners found, for health and diagnostics. */
    public List<ListenerDefinition> listeners() {
        return List.copyOf(found);
    }

    @PreDestroy
    void stop() {
        ListenerContainer c = started;
        if (c != null) {
            started = null;
            c.stop();
        }
    }
}
