package io.wharf.micronaut.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The {@code wharf.*} settings. Only {@code wharf.bootstrap} is required; every setting left out keeps the
 * client's default (documented in docs/configuration.md), so the defaults live in one place, the client.
 *
 * <pre>
 * wharf:
 *   bootstrap: 127.0.0.1:10911,127.0.0.1:10921,127.0.0.1:10931
 *   admin-urls: http://127.0.0.1:8081,http://127.0.0.1:8082,http://127.0.0.1:8083
 *   access-key: order-service          # with ACL on the broker
 *   secret-key: ${WHARF_SECRET_KEY}
 *   admin-token: ${WHARF_ADMIN_TOKEN}  # with admin tokens on the broker
 *   producer:
 *     group: order-service
 *   trace:
 *     enabled: true
 *   groups:
 *     coupon-service:
 *       retry-delays: 1s 5s 10s 30s 1m
 *       max-reconsume-times: 5
 * </pre>
 */
@ConfigurationProperties("wharf")
public class WharfConfiguration {
    /** host:port, comma-separated: at least one node of the broker group. */
    @NotBlank
    @Pattern(regexp = "[^,\\s:]+:\\d+(\\s*,\\s*[^,\\s:]+:\\d+)*",
        message = "wharf.bootstrap must be host:port[,host:port...]")
    private String bootstrap;
    @Nullable
    private List<String> adminUrls;
    @Nullable
    private String clientName;
    @Nullable
    private String accessKey;
    @Nullable
    private String secretKey;
    @Nullable
    private String adminToken;
    private boolean enabled = true;

    public String getBootstrap() {
        return bootstrap;
    }

    public void setBootstrap(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The brokers' admin API base URLs (each node's), used to apply group retry policies at start-up. */
    @Nullable
    public List<String> getAdminUrls() {
        return adminUrls;
    }

    public void setAdminUrls(@Nullable List<String> adminUrls) {
        this.adminUrls = adminUrls;
    }

    /** Names the client's threads; default {@code wharf}. */
    @Nullable
    public String getClientName() {
        return clientName;
    }

    public void setClientName(@Nullable String clientName) {
        this.clientName = clientName;
    }

    /** The account every broker connection authenticates as (required by a broker with ACL on). */
    @Nullable
    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(@Nullable String accessKey) {
        this.accessKey = accessKey;
    }

    /** The account's secret: it keys the HMAC of the broker's challenge and is never sent. */
    @Nullable
    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(@Nullable String secretKey) {
        this.secretKey = secretKey;
    }

    /** The bearer token for the brokers' admin API (retry policies need the admin role, DLQ reads the read role). */
    @Nullable
    public String getAdminToken() {
        return adminToken;
    }

    public void setAdminToken(@Nullable String adminToken) {
        this.adminToken = adminToken;
    }

    /** {@code wharf.enabled=false} starts no client, publisher or listener (e.g. for tests of other layers). */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
