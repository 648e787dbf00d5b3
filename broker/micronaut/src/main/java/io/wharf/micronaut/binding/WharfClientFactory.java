package io.wharf.micronaut.binding;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.wharf.client.ClientTls;
import io.wharf.client.facade.WharfClient;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.micronaut.config.ConsumerSettings;
import io.wharf.micronaut.config.ProducerSettings;
import io.wharf.micronaut.config.TlsSettings;
import io.wharf.micronaut.config.TraceSettings;
import io.wharf.micronaut.config.WharfConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one {@link WharfClient} of the application (one event loop for all its publishers and listeners), and the
 * client configurations built from {@code wharf.*}: only settings the user set are passed on, the rest keep the
 * client's defaults.
 */
@Factory
@Requires(property = "wharf.enabled", notEquals = "false")
public class WharfClientFactory {
    static final String LISTENER_EXECUTOR = "wharf-listeners";

    /** The listeners' shared executor when {@code wharf.consumer.virtual-threads}; closed after the client. */
    @Singleton
    @Named(LISTENER_EXECUTOR)
    @Bean(preDestroy = "close")
    @Requires(property = "wharf.consumer.virtual-threads", value = "true")
    ExecutorService listenerExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("wharf-listener-", 1).factory());
    }

    @Singleton
    @Bean(preDestroy = "close")
    WharfClient wharfClient(WharfConfiguration config, TlsSettings tls,
                            @Named(LISTENER_EXECUTOR) Optional<ExecutorService> listenerExecutor) {
        WharfClient.Builder b = WharfClient.builder()
            .name(config.getClientName() == null ? "wharf" : config.getClientName());
        listenerExecutor.ifPresent(b::listenerExecutor);
        if (config.getAccessKey() != null && !config.getAccessKey().isBlank()) {
            if (config.getSecretKey() == null || config.getSecretKey().isEmpty()) {
                throw new IllegalStateException("wharf.access-key is set but wharf.secret-key is not");
            }
            b.credentials(config.getAccessKey(), config.getSecretKey());
        }
        if (tls.isEnabled()) {
            b.tls(ClientTls.of(tls.getTrustCertificates(), tls.getCertificate(), tls.getPrivateKey()));
        }
        return b.build();
    }

    /** Producer settings for {@code group}. */
    static ProducerConfig producerConfig(WharfConfiguration wharf, ProducerSettings p, TraceSettings trace,
                                         String group) {
        ProducerConfig.Builder b = ProducerConfig.builder(group, wharf.getBootstrap())
            .enableMsgTrace(trace.isEnabled());
        if (trace.getTopic() != null) {
            b.traceTopic(trace.getTopic());
        }
        if (p.getSendTimeout() != null) {
            b.sendTimeoutMs(p.getSendTimeout().toMillis());
        }
        if (p.getRetries() != null) {
            b.retryTimesWhenSendFailed(p.getRetries());
        }
        return b.build();
    }

    /** The consumer-wide part of a listener's consumer settings. */
    static ConsumerConfig.Builder consumerConfig(WharfConfiguration wharf, ConsumerSettings c, TraceSettings trace,
                                                 String group) {
        ConsumerConfig.Builder b = ConsumerConfig.builder(group, wharf.getBootstrap())
            .enableMsgTrace(trace.isEnabled());
        if (trace.getTopic() != null) {
            b.traceTopic(trace.getTopic());
        }
        if (c.getThreads() != null) {
            b.consumeThreadMin(c.getThreads()).consumeThreadMax(Math.max(c.getThreads(), 1));
        }
        if (c.getShutdownTimeout() != null) {
            b.shutdownTimeoutMs(c.getShutdownTimeout().toMillis());
        }
        if (c.getSuspendTime() != null) {
            b.suspendCurrentQueueTimeMillis(c.getSuspendTime().toMillis());
        }
        if (c.getPollTimeout() != null) {
            b.pollTimeoutMs(c.getPollTimeout().toMillis());
        }
        return b;
    }
}
