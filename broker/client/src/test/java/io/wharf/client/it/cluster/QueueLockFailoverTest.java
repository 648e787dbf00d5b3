package io.wharf.client.it.cluster;

import java.nio.file.Files;
import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.BrokerAddresses;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.RemotingClient;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerGroup;
import io.wharf.protocol.body.LockQueuesRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue locks of ordered consumption survive a leader kill: the holder keeps its queues on the new leader and
 * another client of the group is refused them, instead of both consuming one queue during the failover.
 */
class QueueLockFailoverTest {
    @TempDir
    Path tmp;

    @Test
    void aQueueLockStaysWithItsHolderAcrossALeaderKill() throws Exception {
        try (BrokerGroup group = BrokerGroup.start(tmp.resolve("group"), 3, List.of());
             RemotingClient remoting = new RemotingClient("lock-test")) {
            BrokerGroup.Member leader = group.awaitLeader(Duration.ofSeconds(60));
            BrokerProxy broker = new BrokerProxy(remoting, BrokerAddresses.parse(group.bootstrap()));
            assertThat(lock(broker, "holder", 0, 1)).containsExactly(0, 1);
            assertThat(lock(broker, "other", 0, 1, 2)).containsExactly(2);
            // the holder's lock document must be committed before the kill: wait until a follower has it
            BrokerGroup.Member follower = group.members().stream().filter(m -> m != leader).findFirst()
                .orElseThrow();
            Await.until(Duration.ofSeconds(10), () -> Files.exists(
                follower.dataDir().resolve("config/queue-locks.json")), group::describe);

            leader.kill();
            group.awaitLeader(Duration.ofSeconds(30));
            assertThat(lock(broker, "other", 0, 1, 2)).as("queues locked by another client before the failover")
                .containsExactly(2);
            assertThat(lock(broker, "holder", 0, 1)).as("the holder renews on the new leader").containsExactly(0, 1);
        }
    }

    private static List<Integer> lock(BrokerProxy broker, String clientId, Integer... queues) throws Exception {
        return broker.lockQueues(new LockQueuesRequest("ordered-group", clientId, "ordered", List.of(queues)),
            10_000).get();
    }
}
