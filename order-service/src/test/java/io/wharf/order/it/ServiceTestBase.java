package io.wharf.order.it;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What every order-service integration test has: its own {@link TestStack} (started before the application
 * context, which {@link #getProperties()} points at it), an HTTP client and {@link Api} on the running service,
 * and the context closed before the stack it uses. Subclasses add settings with {@link #extraProperties()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServiceTestBase implements TestPropertyProvider {
    final TestStack stack = TestStack.start(getClass().getSimpleName());

    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    JsonMapper json;
    @Inject
    ApplicationContext context;
    Api api;

    /** Settings on top of the stack's, e.g. background jobs off. */
    Map<String, String> extraProperties() {
        return Map.of();
    }

    @Override
    public final Map<String, String> getProperties() {
        Map<String, String> p = new java.util.HashMap<>(stack.properties());
        p.putAll(extraProperties());
        return p;
    }

    @BeforeAll
    final void connectApi() {
        api = new Api(http.toBlocking(), json);
    }

    @AfterAll
    final void stopServiceThenStack() throws Exception {
        try {
            if (context != null) {
                context.close();
            }
        } finally {
            stack.close();
        }
    }
}
