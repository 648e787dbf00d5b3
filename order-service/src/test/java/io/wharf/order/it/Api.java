package io.wharf.order.it;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The service's HTTP API as the tests call it: every answer, error or not, as status, content type and JSON. */
final class Api {
    private final BlockingHttpClient http;
    private final JsonMapper json;

    Api(BlockingHttpClient http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    /** An answer. */
    record Reply(int status, String contentType, String text, Map<String, Object> body) {
        String str(String field) {
            Object v = body.get(field);
            return v == null ? null : v.toString();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String field) {
            return (List<Map<String, Object>>) body.get(field);
        }
    }

    Reply call(MutableHttpRequest<?> request) {
        try {
            HttpResponse<String> r = http.exchange(request, String.class);
            return reply(r.code(), r.getContentType().map(Object::toString).orElse(""), r.body());
        } catch (HttpClientResponseException e) {
            return reply(e.code(), e.getResponse().getContentType().map(Object::toString).orElse(""),
                e.getResponse().getBody(String.class).orElse(""));
        }
    }

    private Reply reply(int status, String contentType, String text) {
        Map<String, Object> body = Map.of();
        if (text != null && text.startsWith("{")) {
            try {
                body = json.readValue(text, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException(text, e);
            }
        }
        return new Reply(status, contentType, text, body);
    }

    Reply place(String userId, String key, Object... skuQtyPrice) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < skuQtyPrice.length; i += 3) {
            items.append(i == 0 ? "" : ",").append("{\"sku\":\"").append(skuQtyPrice[i]).append("\",\"qty\":")
                .append(skuQtyPrice[i + 1]).append(",\"unitPrice\":").append(skuQtyPrice[i + 2]).append('}');
        }
        MutableHttpRequest<String> r = HttpRequest.POST("/orders", "{\"userId\":\"" + userId + "\",\"items\":["
            + items + "]}");
        if (key != null) {
            r.header("Idempotency-Key", key);
        }
        return call(r);
    }

    /** Places a one-line order of {@code total}. */
    Reply place(String userId, BigDecimal total) {
        return place(userId, null, "sku-1", 1, total.toPlainString());
    }

    Reply pay(String orderId, String paymentId, BigDecimal amount) {
        return call(HttpRequest.POST("/orders/" + orderId + "/payment", "{\"paymentId\":\"" + paymentId
            + "\",\"amount\":" + amount.toPlainString() + "}"));
    }

    Reply close(String orderId, String reason) {
        return call(HttpRequest.POST("/orders/" + orderId + "/close", "{\"reason\":\"" + reason + "\"}"));
    }

    Reply get(String path) {
        return call(HttpRequest.GET(path));
    }
}
