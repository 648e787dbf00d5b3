package io.wharf.client.docs;

import static io.wharf.client.producer.LocalTransactionState.COMMIT_MESSAGE;
import static io.wharf.client.producer.LocalTransactionState.ROLLBACK_MESSAGE;
import static io.wharf.client.producer.LocalTransactionState.UNKNOWN;

import io.wharf.client.Message;
import io.wharf.client.facade.WharfClient;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.ConsumerStatus;
import io.wharf.client.consumer.MessageListenerConcurrently;
import io.wharf.client.consumer.MessageSelector;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.LocalTransactionState;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SelectMessageQueueByHash;
import io.wharf.client.producer.SendResult;
import io.wharf.client.producer.SendStatus;
import io.wharf.client.producer.TransactionListener;
import io.wharf.client.producer.TransactionProducer;
import io.wharf.client.producer.TransactionSendResult;
import io.wharf.client.ReceivedMessage;
import java.util.concurrent.Executors;

/**
 * Every Java snippet of docs/client.md, word for word, so the build compiles them ({@link ClientDocExamplesTest}
 * checks that each snippet of the page is here). Not run: the fields stand for the application around a snippet.
 */
@SuppressWarnings({"unused", "checkstyle:all"})
abstract class ClientDocExamples {
    WharfClient client;
    Producer producer;
    PushConsumer consumer;
    byte[] json;
    String orderId;
    String brokers;
    long remindAtEpochMs;
    Order order;
    Orders orders;

    record Order(String id) {
    }

    enum OrderState { PENDING, PAID, CANCELLED }

    interface Orders {
        boolean place(Order order);

        OrderState stateOf(String key);
    }

    abstract void spool(Message m);

    abstract void issueCouponOnce(ReceivedMessage m);

    void oneClientPerApplication() {
        WharfClient client = WharfClient.builder().name("orders")
            .listenerExecutor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Producer producer = client.newProducer(ProducerConfig.builder("order-producer", "127.0.0.1:10911").build());
        producer.start();
        boolean healthy = client.status().leadersReachable();
        long backlog = client.status().consumers().stream().mapToLong(ConsumerStatus::totalLag).sum();
        client.close();
    }

    void sending() {
        Producer producer = client.newProducer(ProducerConfig.builder("order-producer", "127.0.0.1:10911").build());
        producer.start();
        Message m = Message.builder("orders").tags("paid").keys("order-42").body(json).build();
        SendResult r = producer.send(m);                    // sync: timeout 3 s, 2 retries on the next queue
        if (r.sendStatus() != SendStatus.SEND_OK) {         // FLUSH_DISK_TIMEOUT etc. are returned, not thrown
            spool(m);                                       // strict callers treat it as a failure (the seeds' advice)
        }
        producer.send(m, new SelectMessageQueueByHash(), orderId);   // all of one order's events in one queue
    }

    void delayedAndTimedMessages() {
        producer.send(Message.builder("orders").keys(order.id()).delayLevel(16).body(json).build());   // in 30 minutes
        producer.send(Message.builder("reminders").deliverAt(remindAtEpochMs).body(json).build());    // at a time
    }

    void transactions() {
        TransactionProducer producer = client.newTransactionProducer(ProducerConfig.builder("order-producer", brokers)
            .build(), new TransactionListener() {
                public LocalTransactionState executeLocalTransaction(Message m, Object order) {
                    return orders.place((Order) order) ? COMMIT_MESSAGE : UNKNOWN;    // an exception counts as UNKNOWN
                }

                public LocalTransactionState checkLocalTransaction(ReceivedMessage half) {
                    return switch (orders.stateOf(half.keys())) {                     // look the order up by its key
                        case PAID -> COMMIT_MESSAGE;
                        case CANCELLED -> ROLLBACK_MESSAGE;
                        default -> UNKNOWN;                                            // ask again next interval
                    };
                }
            });
        producer.start();
        TransactionSendResult r = producer.sendMessageInTransaction(
            Message.builder("orders").keys(order.id()).body(json).build(), order);
        // later, e.g. in a payment callback on any instance of the group:
        producer.endTransaction(r.transactionId(), r.halfOffset(), LocalTransactionState.COMMIT_MESSAGE);
    }

    void consuming() {
        PushConsumer consumer = client.newPushConsumer(ConsumerConfig.builder("coupon-group", "127.0.0.1:10911")
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe("orders", "paid || refunded");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, ctx) -> {
            for (ReceivedMessage m : messages) {
                issueCouponOnce(m);                           // idempotent: keyed by order id or msgId
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS; // only after the work has committed
        });
        consumer.start();
    }

    void filtering() {
        consumer.subscribe("orders", "paid || refunded");                           // tags (MessageSelector.byTag)
        consumer.subscribe("trades", MessageSelector.bySql("a > 5 AND region = 'EU'"));
    }
}
