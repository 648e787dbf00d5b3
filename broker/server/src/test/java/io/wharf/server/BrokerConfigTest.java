package io.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.store.FlushMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {
    @TempDir
    Path dir;

    @Test
    void fileThenEnvironmentThenSystemPropertiesOverrideDefaults() throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "node.id=from-file\nstore.flush.mode=ASYNC\nadmin.port=9000\n");
        Properties system = new Properties();
        system.setProperty("wharf.admin.port", "9002");
        BrokerConfig c = BrokerConfig.load(file, Map.of("WHARF_ADMIN_PORT", "9001", "WHARF_NODE_ID", "from-env"),
            system);
        assertThat(c.nodeId()).isEqualTo("from-env");
        assertThat(c.adminPort()).isEqualTo(9002);
        assertThat(c.storeConfig().flushMode()).isEqualTo(FlushMode.ASYNC);
        assertThat(BrokerConfig.load(null, Map.of(), new Properties()).storeConfig().flushMode())
            .isEqualTo(FlushMode.SYNC);
    }

    @Test
    void unknownKeysAndBadValuesAreRejectedWithTheirName() throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "store.flush.mood=SYNC\n");
        assertThatThrownBy(() -> BrokerConfig.load(file, Map.of(), new Properties()))
            .hasMessageContaining("store.flush.mood");
        assertThatThrownBy(() -> BrokerConfig.load(null, Map.of("WHARF_STORE_FLUSH_TIMEOUT_MS", "soon"),
            new Properties())).hasMessageContaining("store.flush.timeout.ms");
    }
}
