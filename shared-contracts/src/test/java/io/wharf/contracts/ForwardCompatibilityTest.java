package io.wharf.contracts;

import io.micronaut.serde.ObjectMapper;
import io.wharf.contracts.binlog.OrderRowChanged;
import io.wharf.contracts.order.OrderLine;
import io.wharf.contracts.order.OrderPlaced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An older consumer reading a newer producer's event: unknown fields (at the top and nested) are ignored, and an
 * optional field that is absent decodes as null.
 */
@Timeout(60)
class ForwardCompatibilityTest {

    private static final ObjectMapper MAPPER = ObjectMapper.getDefault();

    @Test
    void unknownFieldsOfANewerProducerAreIgnored() throws IOException {
        OrderPlaced decoded = MAPPER.readValue(resource("/compat/OrderPlaced-from-newer-producer.json"),
                OrderPlaced.class);

        assertThat(decoded).isEqualTo(new OrderPlaced(1, "o-01JDZ8Q4M6X3W2T9R5K7B1C0VA", "u-10042",
                new BigDecimal("139.80"),
                List.of(new OrderLine("SKU-TEA-0421", 2, new BigDecimal("24.90")),
                        new OrderLine("SKU-MUG-0007", 1, new BigDecimal("90.00"))),
                Instant.parse("2026-11-23T09:15:02.481Z")));
    }

    @Test
    void unknownFieldsAreIgnoredByEveryEventType() throws IOException {
        for (Class<? extends WharfEvent> type : GoldenEventsCompatibilityTest.eventClasses()) {
            Path file = GoldenEventsCompatibilityTest.golden()
                    .resolve("v" + GoldenEventsCompatibilityTest.currentVersion(type))
                    .resolve(type.getSimpleName() + ".json");
            String golden = Files.readString(file, StandardCharsets.UTF_8);
            String newer = golden.replaceFirst("\\{", "{\"addedLater\": {\"x\": [1, 2.5, \"y\"]}, ");

            assertThat(newer).contains("addedLater");
            assertThat(MAPPER.readValue(newer, type)).as(type.getSimpleName())
                    .isEqualTo(MAPPER.readValue(golden, type));
        }
    }

    @Test
    void anAbsentOptionalFieldDecodesAsNull() throws IOException {
        OrderRowChanged insert = MAPPER.readValue(resource("/compat/OrderRowChanged-insert-without-before.json"),
                OrderRowChanged.class);

        assertThat(insert.op()).isEqualTo(OrderRowChanged.OP_CREATE);
        assertThat(insert.table()).isEqualTo(Tags.TABLE_ORDER_ITEMS);
        assertThat(insert.before()).isNull();
        assertThat(insert.after()).containsEntry("sku", "SKU-TEA-0421").containsEntry("unit_price", "24.90")
                .containsEntry("qty", 2);
    }

    @Test
    void anExplicitNullDecodesAsNullToo() throws IOException {
        String delete = """
                {"schemaVersion": 1, "table": "payments", "op": "d", "orderId": "o-1", "lsn": 5, "txId": 2,
                 "commitTs": "2026-11-23T09:20:00Z", "before": {"id": "p-1", "order_id": "o-1"}, "after": null}
                """;

        OrderRowChanged decoded = MAPPER.readValue(delete, OrderRowChanged.class);

        assertThat(decoded.after()).isNull();
        assertThat(decoded.before()).containsEntry("id", "p-1");
        assertThat(MAPPER.readValue(MAPPER.writeValueAsBytes(decoded), OrderRowChanged.class)).isEqualTo(decoded);
    }

    @Test
    void anAbsentListOfLinesDecodesAsEmpty() throws IOException {
        String noItems = """
                {"schemaVersion": 1, "orderId": "o-1", "userId": "u-1", "total": 0.00,
                 "placedAt": "2026-11-23T09:15:02Z"}
                """;

        assertThat(MAPPER.readValue(noItems, OrderPlaced.class).items()).isEmpty();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ForwardCompatibilityTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
