package io.wharf.client.it;

import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.RemotingClient;
import io.wharf.testkit.BrokerProcess;
import io.wharf.client.BrokerAddresses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration tests against a real broker in a child JVM, started before and killed after each test. Clients
 * created through {@link #producer()}, {@link #consumer} and {@link #rawBroker()} are shut down after the test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class BrokerTestBase {
    @TempDir
    Path tmp;

    BrokerProcess broker;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = BrokerProcess.start(tmp.resolve("broker"), brokerOptions());
    }

    /** Extra JVM options of the broker, e.g. short delay levels. */
    List<String> brokerOptions() {
        return List.of();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable c : clients.reversed()) {
            c.close();
        }
        broker.close();
    }

    <T extends AutoCloseable> T closeAfter(T client) {
        clients.add(client);
        return client;
    }

    Producer producer() {
        Producer p = closeAfter(new Producer(ProducerConfig.builder("it-producers", broker.address()).build()));
        p.start();
        return p;
    }

    ConsumerConfig.Builder consumerConfig(String group, String clientId) {
        return ConsumerConfig.builder(group, broker.address()).clientId(clientId)
            .localOffsetDir(tmp.resolve("offsets"));
    }

    PushConsumer consumer(ConsumerConfig config) {
        return closeAfter(new PushConsumer(config));
    }

    BrokerProxy rawBroker() {
        RemotingClient remoting = closeAfter(new RemotingClient("it-raw"));
        return new BrokerProxy(remoting, BrokerAddresses.parse(broker.address()));
    }
}
