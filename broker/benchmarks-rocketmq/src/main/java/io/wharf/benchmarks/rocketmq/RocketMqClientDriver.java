package io.wharf.benchmarks.rocketmq;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.exception.RemotingException;

/**
 * The load tool's hands on RocketMQ's own client. The tool loads this class in a class loader of its own and
 * talks to it only through JDK types: {@link #sender} returns a {@code Consumer<byte[]>} (that is also
 * {@link AutoCloseable}) whose {@code accept} is one synchronous {@link DefaultMQProducer#send(Message)}, and
 * {@link #consumer} reports deliveries to an {@code IntConsumer}.
 */
public final class RocketMqClientDriver {
    private final String namesrvAddress;

    public RocketMqClientDriver(String namesrvAddress) {
        this.namesrvAddress = namesrvAddress;
    }

    /** A started producer of {@code group} sending to {@code topic}; close it when done. */
    public Consumer<byte[]> sender(String group, String topic) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(namesrvAddress);
        producer.setInstanceName(group + "-" + System.nanoTime());
        producer.start();
        return new Sender(producer, topic);
    }

    /**
     * Starts a push consumer of a new {@code group} on {@code topic} from its first offset; every listener call
     * reports how many messages it got to {@code delivered} and succeeds. Close it to stop consuming.
     *
     * @param pullBatchSize messages per pull, 0 for the client's default
     */
    public AutoCloseable consumer(String group, String topic, int pullBatchSize, IntConsumer delivered)
        throws MQClientException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrvAddress);
        consumer.setInstanceName(group + "-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        if (pullBatchSize > 0) {
            consumer.setPullBatchSize(pullBatchSize);
        }
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            delivered.accept(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer::shutdown;
    }

    private static final class Sender implements Consumer<byte[]>, AutoCloseable {
        private final DefaultMQProducer producer;
        private final String topic;

        Sender(DefaultMQProducer producer, String topic) {
            this.producer = producer;
            this.topic = topic;
        }

        @Override
        public void accept(byte[] body) {
            SendResult result;
            try {
                result = producer.send(new Message(topic, body));
            } catch (MQClientException | RemotingException | MQBrokerException e) {
                throw new IllegalStateException("send failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (result.getSendStatus() != SendStatus.SEND_OK) {
                throw new IllegalStateException("send status " + result.getSendStatus());
            }
        }

        @Override
        public void close() {
            producer.shutdown();
        }
    }
}
