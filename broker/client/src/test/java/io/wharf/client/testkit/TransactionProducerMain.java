package io.wharf.client.testkit;

import io.wharf.client.Message;
import io.wharf.client.producer.LocalTransactionState;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.TransactionListener;
import io.wharf.client.producer.TransactionProducer;
import io.wharf.client.producer.TransactionSendResult;
import io.wharf.client.ReceivedMessage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A transactional producer in its own JVM, for tests that kill producers. With {@code send} it sends one message
 * to {@code topic} whose local transaction ends UNKNOWN and prints {@code HALF <transactionId> <halfOffset>};
 * either way it prints {@code STARTED}, then answers every check-back with {@code answer} and prints
 * {@code CHECKED <transactionId> <answer>}. It runs until killed.
 *
 * <p>Arguments: bootstrap group topic answer(COMMIT_MESSAGE|ROLLBACK_MESSAGE|UNKNOWN) send|listen
 */
public final class TransactionProducerMain {
    private TransactionProducerMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String group = args[1];
        String topic = args[2];
        LocalTransactionState answer = LocalTransactionState.valueOf(args[3]);
        boolean send = args[4].equals("send");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        TransactionProducer producer = new TransactionProducer(ProducerConfig.builder(group, bootstrap)
            .heartbeatIntervalMs(200).build(), new TransactionListener() {
                @Override
                public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                    return LocalTransactionState.UNKNOWN;
                }

                @Override
                public LocalTransactionState checkLocalTransaction(ReceivedMessage half) {
                    out.println("CHECKED " + half.msgId() + " " + answer);
                    return answer;
                }
            });
        producer.start();
        if (send) {
            TransactionSendResult r = producer.sendMessageInTransaction(
                Message.of(topic, "order".getBytes(StandardCharsets.UTF_8)), null);
            out.println("HALF " + r.transactionId() + " " + r.halfOffset());
        }
        out.println("STARTED");
        Thread.sleep(Long.MAX_VALUE);
    }
}
