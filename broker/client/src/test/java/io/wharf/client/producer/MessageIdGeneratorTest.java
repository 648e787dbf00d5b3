package io.wharf.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageIdGeneratorTest {
    @Test
    void idsAre32UppercaseHexDigitsWithPrefixTimeAndCounter() {
        MessageIdGenerator g = new MessageIdGenerator(0xABCDEF012345L, () -> 0x0000018C_2A3B4C5DL);
        assertThat(g.next()).isEqualTo("ABCDEF012345" + "018C2A3B4C5D" + "00000000");
        assertThat(g.next()).isEqualTo("ABCDEF012345" + "018C2A3B4C5D" + "00000001");
    }

    @Test
    void concurrentIdsOfTheSharedGeneratorAreUnique() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        String id = MessageIdGenerator.shared().next();
                        assertThat(id).hasSize(32).matches("[0-9A-F]{32}");
                        ids.add(id);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ids).hasSize(200_000);
    }

    @Test
    void idsOfTwoJvmsDifferInTheirPrefixEvenAtTheSameMillisecondAndCount() {
        MessageIdGenerator a = new MessageIdGenerator(0x000111111111L, () -> 5);
        MessageIdGenerator b = new MessageIdGenerator(0x000222222222L, () -> 5);
        assertThat(a.next()).isNotEqualTo(b.next());
    }
}
