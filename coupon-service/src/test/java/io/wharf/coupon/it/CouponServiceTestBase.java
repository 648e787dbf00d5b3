package io.wharf.coupon.it;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.wharf.service.testing.Http;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What an in-process coupon-service test has: its own {@link CouponStack} (started before the application context,
 * which {@link #getProperties()} points at it), {@link Http} on the running service, and the context closed before
 * the stack it uses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CouponServiceTestBase implements TestPropertyProvider {
    final CouponStack stack = CouponStack.start(getClass().getSimpleName());

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    Http http;

    @Override
    public final Map<String, String> getProperties() {
        return stack.properties();
    }

    @BeforeAll
    final void connect() {
        http = new Http(server.getURL().toString(), json);
    }

    @AfterAll
    final void stopServiceThenStack() throws Exception {
        server.getApplicationContext().close();
        stack.close();
    }
}
