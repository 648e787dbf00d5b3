package io.wharf.micronaut.binding;

import java.net.MalformedURLException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.wharf.micronaut.config.WharfConfiguration;
import io.wharf.micronaut.deadletter.DeadLetterAdmin;
import io.wharf.micronaut.deadletter.DeadLetterAdminException;
import io.wharf.micronaut.deadletter.DeadLetterPage;
import io.wharf.micronaut.deadletter.RedriveResult;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link DeadLetterAdmin} on the broker's admin API: each of {@code wharf.admin-urls} is tried until one answers
 * as the leader (followers answer 421, an unreachable node is skipped); a 4xx from the leader is the answer.
 */
@Singleton
@Requires(property = "wharf.enabled", notEquals = "false")
@Requires(property = "wharf.admin-urls")
public class AdminApiDeadLetters implements DeadLetterAdmin {
    private static final int MISDIRECTED = 421;

    private final List<String> adminUrls;
    private final String token;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public AdminApiDeadLetters(WharfConfiguration wharf) {
        this.adminUrls = wharf.getAdminUrls();
        this.token = wharf.getAdminToken();
    }

    @Override
    public DeadLetterPage list(String group, long from, int max) {
        return call("listing the DLQ of " + group, () -> AdminRequests.get(base(group) + "?from=" + from
            + "&max=" + max, token), Argument.of(DeadLetterPage.class));
    }

    @Override
    public RedriveResult redrive(String group, List<String> offsetMsgIds) {
        return call("re-driving " + offsetMsgIds.size() + " dead messages of " + group,
            () -> AdminRequests.post(base(group) + "/redrive", Map.of("ids", offsetMsgIds), token),
            Argument.of(RedriveResult.class));
    }

    @Override
    public RedriveResult redriveAll(String group) {
        return call("re-driving the DLQ of " + group, () -> AdminRequests.post(base(group) + "/redrive",
            Map.of("all", true), token), Argument.of(RedriveResult.class));
    }

    private static String base(String group) {
        return "/admin/groups/" + URLEncoder.encode(group, StandardCharsets.UTF_8) + "/dlq";
    }

    private <T> T call(String what, Supplier<MutableHttpRequest<?>> request, Argument<T> type) {
        RuntimeException last = null;
        for (String url : adminUrls) {
            try {
                T body = client(url).toBlocking().retrieve(request.get(), type);
                if (body != null) {
                    return body;
                }
            } catch (HttpClientResponseException e) {
                int status = e.getStatus().getCode();
                if (status != MISDIRECTED && status / 100 == 4) {
                    throw new DeadLetterAdminException(what + ": the broker answered " + status + " "
                        + e.getResponse().getBody(String.class).orElse(e.getMessage()), status, e);
                }
                last = e;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new DeadLetterAdminException(what + ": no broker admin URL of " + adminUrls + " answered as leader"
            + (last == null ? "" : " (last: " + last.getMessage() + ")"), 0, last);
    }

    private HttpClient client(String url) {
        return clients.computeIfAbsent(url, u -> {
            try {
                return HttpClient.create(URI.create(u).toURL());
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException("wharf.admin-urls: not a URL: " + u, e);
            }
        });
    }

    @PreDestroy
    void close() {
        clients.values().forEach(HttpClient::close);
    }
}
