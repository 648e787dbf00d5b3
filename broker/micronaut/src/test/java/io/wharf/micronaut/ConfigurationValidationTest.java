package io.wharf.micronaut;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A bad wharf.* setting stops the context at start-up with a message that names the key. */
@Timeout(60)
class ConfigurationValidationTest {
    @Test
    void aMalformedBootstrapListIsRefusedByName() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("wharf.bootstrap", "localhost",
            "wharf.producer.group", "p"))).hasStackTraceContaining("wharf.bootstrap");
    }

    @Test
    void aMalformedRetryLadderIsRefusedByName() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("wharf.bootstrap", "127.0.0.1:1",
            "wharf.groups.coupons.retry-delays", "soon", "wharf.admin-urls", "http://127.0.0.1:1")))
            .hasStackTraceContaining("retry-delays");
    }
}
