package io.wharf.micronaut.binding;

import io.micronaut.context.annotation.Requires;
import io.wharf.client.facade.WharfClient;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumeOrderlyContext;
import io.wharf.client.consumer.ConsumeOrderlyStatus;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.MessageSelector;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.micronaut.WharfListener;
import io.wharf.micronaut.config.ConsumerSettings;
import io.wharf.micronaut.config.GroupSettings;
import io.wharf.micronaut.config.TraceSettings;
import io.wharf.micronaut.config.WharfConfiguration;
import io.wharf.micronaut.listener.BoundListener;
import io.wharf.micronaut.listener.IncomingMessage;
import io.wharf.micronaut.listener.ListenerContainer;
import io.wharf.micronaut.listener.ListenerDefinition;
import io.wharf.micronaut.listener.ListenerOutcome;
import io.wharf.client.ReceivedMessage;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs each {@code @WharfListener} as a push consumer of the application's {@link WharfClient}: concurrent
 * listeners get one message per call (an exception sends it through the group's retry ladder), orderly ones
 * one message per queue at a time under the broker's queue lock (an exception suspends the queue and retries
 * the same message). A poison message is dead-lettered at once with its decoding error.
 */
@Singleton
@Requires(property = "wharf.enabled", notEquals = "false")
public class ClientListenerContainer implements ListenerContainer {
    private final WharfClient client;
    private final WharfConfiguration wharf;
    private final ConsumerSettings consumerSettings;
    private final TraceSettings trace;
    private final Map<String, GroupSettings> groups;
    private final List<PushConsumer> consumers = new ArrayList<>();

    public ClientListenerContainer(WharfClient client, WharfConfiguration wharf, ConsumerSettings consumerSettings,
                                   TraceSettings trace, List<GroupSettings> groups) {
        this.client = client;
        this.wharf = wharf;
        this.consumerSettings = consumerSettings;
        this.trace = trace;
        this.groups = groups.stream().collect(Collectors.toMap(GroupSettings::getName, Function.identity()));
    }

    @Override
    public synchronized void start(List<BoundListener> listeners) {
        for (BoundListener l : listeners) {
            PushConsumer c = client.newPushConsumer(config(l.definition()));
            ListenerDefinition d = l.definition();
            c.subscribe(d.topic(), d.sql().isBlank() ? MessageSelector.byTag(d.tags())
                : MessageSelector.bySql(d.sql()));
            if (d.orderly()) {
                c.registerMessageListener((List<ReceivedMessage> msgs, ConsumeOrderlyContext ctx) ->
                    orderly(l, msgs.getFirst(), ctx));
            } else {
                c.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) ->
                    concurrently(l, msgs.getFirst(), ctx));
            }
            c.start();
            consumers.add(c);
        }
    }

    private ConsumerConfig config(ListenerDefinition d) {
        ConsumerConfig.Builder b = WharfClientFactory.consumerConfig(wharf, consumerSettings, trace, d.group())
            .consumeMessageBatchMaxSize(1)
            .consumeFromWhere(d.startFrom() == WharfListener.StartFrom.FIRST_OFFSET
                ? ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET : ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET);
        if (d.threads() > 0) {
            b.consumeThreadMin(d.threads()).consumeThreadMax(d.threads());
        }
        GroupSettings g = groups.get(d.group());
        if (d.maxReconsumeTimes() >= 0) {
            b.maxReconsumeTimes(d.maxReconsumeTimes());
        } else if (g != null && g.getMaxReconsumeTimes() != null) {
            b.maxReconsumeTimes(g.getMaxReconsumeTimes());
        }
        return b.build();
    }

    private static ConsumeConcurrentlyStatus concurrently(BoundListener l, ReceivedMessage m,
                                                          ConsumeConcurrentlyContext ctx) {
        BoundListener.Result r = l.deliver(new IncomingMessage(Conversions.metadata(m), m.body()));
        if (r.outcome() == ListenerOutcome.CONSUMED) {
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }
        if (r.outcome() == ListenerOutcome.POISON) {
            ctx.deadLetter(r.reason());
        }
        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
    }

    private static ConsumeOrderlyStatus orderly(BoundListener l, ReceivedMessage m, ConsumeOrderlyContext ctx) {
        BoundListener.Result r = l.deliver(new IncomingMessage(Conversions.metadata(m), m.body()));
        if (r.outcome() == ListenerOutcome.CONSUMED) {
            return ConsumeOrderlyStatus.SUCCESS;
        }
        if (r.outcome() == ListenerOutcome.POISON) {
            ctx.deadLetter(r.reason());
        }
        return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
    }

    @Override
    public synchronized void stop() {
        for (PushConsumer c : consumers.reversed()) {
            c.shutdown();
        }
        consumers.clear();
    }
}
