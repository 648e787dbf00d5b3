package io.wharf.micronaut.binding;

import java.net.MalformedURLException;
import java.net.URL;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.wharf.micronaut.config.GroupSettings;
import io.wharf.micronaut.config.WharfConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each {@code wharf.groups.<group>} retry policy to the broker group at start-up through the admin API
 * ({@code PUT /admin/groups/{group}/retry-policy} on the leader: each admin URL is tried until one accepts). A
 * broker that cannot be reached yet does not stop the application: the policy is retried every
 * {@value #RETRY_SECONDS} s until applied, and {@link #pending()} names the groups still waiting.
 */
@Singleton
@Requires(property = "wharf.enabled", notEquals = "false")
@Requires(property = "wharf.admin-urls")
public class RetryPolicyApplier implements ApplicationEventListener<StartupEvent> {
    static final long RETRY_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicyApplier.class);

    private final List<String> adminUrls;
    private final List<GroupSettings> groups;
    private final String token;
    private final TaskScheduler scheduler;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public RetryPolicyApplier(WharfConfiguration wharf, List<GroupSettings> groups,
                              @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.adminUrls = wharf.getAdminUrls();
        this.token = wharf.getAdminToken();
        this.groups = groups;
        this.scheduler = scheduler;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        for (GroupSettings g : groups) {
            if (g.getRetryDelays() != null || g.getMaxReconsumeTimes() != null) {
                pending.add(g.getName());
            }
        }
        applyPending();
    }

    /** Groups whose policy the broker has not accepted yet. */
    public Set<String> pending() {
        return Set.copyOf(pending);
    }

    private void applyPending() {
        for (GroupSettings g : groups) {
            if (pending.contains(g.getName()) && apply(g)) {
                pending.remove(g.getName());
                LOG.info("retry policy of group {} applied: delays '{}', maxReconsumeTimes {}", g.getName(),
                    g.getRetryDelays(), g.getMaxReconsumeTimes());
            }
        }
        if (!pending.isEmpty()) {
            scheduler.schedule(Duration.ofSeconds(RETRY_SECONDS), this::applyPending);
        }
    }

    private boolean apply(GroupSettings g) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (g.getRetryDelays() != null) {
            body.put("delays", g.getRetryDelays().trim());
        }
        if (g.getMaxReconsumeTimes() != null) {
            body.put("maxReconsumeTimes", g.getMaxReconsumeTimes());
        }
        for (String url : adminUrls) {
            try {
                HttpResponse<String> r = client(url).toBlocking().exchange(
                    AdminRequests.put("/admin/groups/" + g.getName() + "/retry-policy", body, token), String.class);
                if (r.getStatus().getCode() == 200) {
                    return true;
                }
            } catch (HttpClientResponseException e) {
                if (e.getStatus().getCode() == 400) {
                    throw new IllegalStateException("the broker refused the retry policy of group " + g.getName()
                        + ": " + e.getResponse().getBody(String.class).orElse(e.getMessage()), e);
                }
                LOG.debug("{} answered {} to the retry policy of {}", url, e.getStatus(), g.getName());
            } catch (RuntimeException e) {
                LOG.debug("{} unreachable for the retry policy of {}: {}", url, g.getName(), e.toString());
            }
        }
        LOG.warn("retry policy of group {} not applied yet (no admin URL accepted it); retrying in {} s",
            g.getName(), RETRY_SECONDS);
        return false;
    }

    private HttpClient client(String url) {
        return clients.computeIfAbsent(url, u -> HttpClient.create(toUrl(u)));
    }

    private static URL toUrl(String u) {
        try {
            return URI.create(u).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("wharf.admin-urls: not a URL: " + u, e);
        }
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
