package io.wharf.contracts;

import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import io.wharf.contracts.binlog.OrderRowChanged;
import io.wharf.contracts.coupon.CouponIssued;
import io.wharf.contracts.order.OrderClosed;
import io.wharf.contracts.order.OrderLine;
import io.wharf.contracts.order.OrderPaid;
import io.wharf.contracts.order.OrderPlaced;
import io.wharf.contracts.order.OrderTimeoutCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire format of every event, pinned by hand-written JSON files in {@code golden/v<N>/<Record>.json}.
 *
 * <p>Every file of every version must still decode to exactly the record listed for it below (old files are
 * never changed or removed: they are what an event written by an old producer looks like). Every record of
 * {@link EventTypes} must have a file of its current {@code SCHEMA_VERSION}, and encoding the expected record must
 * give that file's JSON and decode back to an equal record.
 */
@Timeout(60)
class GoldenEventsCompatibilityTest {

    private static final ObjectMapper MAPPER = ObjectMapper.getDefault();

    private static final String ORDER_1 = "o-01JDZ8Q4M6X3W2T9R5K7B1C0VA";
    private static final String ORDER_2 = "o-01JDZB7N2H5P8Q4S6V3Y9W1XKE";

    /** The record each golden file must decode to, by schema version and file (record) name. */
    private static final Map<Integer, Map<String, WharfEvent>> EXPECTED = Map.of(1, expectedV1());

    private static Map<String, WharfEvent> expectedV1() {
        Map<String, WharfEvent> m = new TreeMap<>();
        m.put("OrderPlaced", new OrderPlaced(1, ORDER_1, "u-10042", new BigDecimal("139.80"),
                List.of(new OrderLine("SKU-TEA-0421", 2, new BigDecimal("24.90")),
                        new OrderLine("SKU-MUG-0007", 1, new BigDecimal("90.00"))),
                Instant.parse("2026-11-23T09:15:02.481Z")));
        m.put("OrderPaid", new OrderPaid(1, ORDER_1, "u-10042", new BigDecimal("139.80"),
                Instant.parse("2026-11-23T09:15:02.481Z")));
        m.put("OrderClosed", new OrderClosed(1, ORDER_2, "u-20317", OrderClosed.REASON_TIMEOUT,
                Instant.parse("2026-11-23T10:45:03.112Z")));
        m.put("OrderTimeoutCheck", new OrderTimeoutCheck(1, ORDER_2, 1, Instant.parse("2026-11-23T10:45:00Z")));
        m.put("CouponIssued", new CouponIssued(1, "c-01JDZ8V1E4K7M9P2R5T8W0Y3ZB", ORDER_1, "u-10042",
                new BigDecimal("10.00"), Instant.parse("2026-12-23T23:59:59Z"),
                Instant.parse("2026-11-23T09:17:41.930Z")));
        m.put("OrderRowChanged", new OrderRowChanged(1, Tags.TABLE_ORDERS, OrderRowChanged.OP_UPDATE, ORDER_1,
                24025944L, 771L, Instant.parse("2026-11-23T09:17:40.205Z"),
                orderRow("PLACED", null, 1), orderRow("PAID", "p-01JDZ8TZ3C8D", 2)));
        return m;
    }

    private static Map<String, Object> orderRow(String status, String paymentId, int version) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", ORDER_1);
        row.put("user_id", "u-10042");
        row.put("status", status);
        row.put("total", "139.80");
        row.put("payment_id", paymentId);
        row.put("created_at", "2026-11-23T09:15:02.481Z");
        row.put("version", version);
        return row;
    }

    @Test
    void theMapperIsMicronautSerdeWorkingFromTheGeneratedIntrospections() {
        assertThat(MAPPER.getClass().getName()).startsWith("io.micronaut.serde.");
        for (Class<?> type : eventClasses()) {
            assertThat(BeanIntrospector.SHARED.findIntrospection(type)).as(type.getName()).isPresent();
        }
        assertThat(BeanIntrospector.SHARED.findIntrospection(OrderLine.class)).isPresent();
        // serde has no reflection fallback: a record without @Serdeable (no introspection) is refused
        assertThatThrownBy(() -> MAPPER.readValue("{\"a\":\"x\"}", NotSerdeable.class))
                .hasMessageContaining("No bean introspection available");
    }

    @Test
    void everyEventTypeHasAGoldenFileOfItsCurrentSchemaVersion() {
        for (Class<? extends WharfEvent> type : eventClasses()) {
            int version = currentVersion(type);
            Path file = golden().resolve("v" + version).resolve(type.getSimpleName() + ".json");
            assertThat(file).as("golden file of %s v%d", type.getSimpleName(), version).isRegularFile();
            assertThat(EXPECTED.getOrDefault(version, Map.of()))
                    .as("expected record of %s v%d", type.getSimpleName(), version)
                    .containsKey(type.getSimpleName());
        }
    }

    @Test
    void everyExpectedRecordHasItsGoldenFile() {
        EXPECTED.forEach((version, records) -> records.keySet().forEach(name ->
                assertThat(golden().resolve("v" + version).resolve(name + ".json")).isRegularFile()));
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenFileOfEveryVersionDecodesToItsExpectedRecord() {
        List<Path> files = goldenFiles();
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(golden().relativize(file).toString(), () -> {
            int version = versionOf(file);
            String name = recordName(file);
            Class<? extends WharfEvent> type = eventClass(name);
            WharfEvent expected = EXPECTED.getOrDefault(version, Map.of()).get(name);
            assertThat(expected).as("an expected record for %s", file).isNotNull();

            WharfEvent decoded = MAPPER.readValue(Files.readAllBytes(file), type);

            assertThat(decoded).isEqualTo(expected);
            assertThat(decoded.schemaVersion()).isEqualTo(version);
        }));
    }

    @TestFactory
    Stream<DynamicTest> theCurrentVersionEncodesToItsGoldenJsonAndBack() {
        return eventClasses().stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
            int version = currentVersion(type);
            WharfEvent expected = EXPECTED.get(version).get(type.getSimpleName());

            byte[] encoded = MAPPER.writeValueAsBytes(expected);

            assertThat(MAPPER.readValue(encoded, type)).isEqualTo(expected);
            Path file = golden().resolve("v" + version).resolve(type.getSimpleName() + ".json");
            assertThat(tree(encoded)).isEqualTo(tree(Files.readAllBytes(file)));
        }));
    }

    @Test
    void theFactoriesWriteTheCurrentSchemaVersion() {
        Instant t = Instant.parse("2026-11-23T09:15:02.481Z");
        assertThat(OrderPlaced.of(ORDER_1, "u-1", BigDecimal.ONE, List.of(), t).schemaVersion())
                .isEqualTo(OrderPlaced.SCHEMA_VERSION);
        assertThat(OrderPaid.of(ORDER_1, "u-1", BigDecimal.ONE, t).schemaVersion()).isEqualTo(OrderPaid.SCHEMA_VERSION);
        assertThat(OrderClosed.of(ORDER_1, "u-1", OrderClosed.REASON_CANCELLED, t).schemaVersion())
                .isEqualTo(OrderClosed.SCHEMA_VERSION);
        OrderTimeoutCheck check = OrderTimeoutCheck.first(ORDER_1, t);
        assertThat(check.schemaVersion()).isEqualTo(OrderTimeoutCheck.SCHEMA_VERSION);
        assertThat(check.attempt()).isEqualTo(1);
        assertThat(check.next(t.plusSeconds(60))).isEqualTo(OrderTimeoutCheck.of(ORDER_1, 2, t.plusSeconds(60)));
        assertThat(CouponIssued.of("c-1", ORDER_1, "u-1", BigDecimal.TEN, t, t).schemaVersion())
                .isEqualTo(CouponIssued.SCHEMA_VERSION);
        assertThat(OrderRowChanged.of(Tags.TABLE_PAYMENTS, OrderRowChanged.OP_CREATE, ORDER_1, 1, 1, t, null,
                Map.of("id", "p-1")).schemaVersion()).isEqualTo(OrderRowChanged.SCHEMA_VERSION);
    }

    /** A record the serde processor never saw. */
    record NotSerdeable(String a) {
    }

    static Set<Class<? extends WharfEvent>> eventClasses() {
        return new LinkedHashSet<>(EventTypes.all().values());
    }

    static int currentVersion(Class<?> type) {
        try {
            return type.getField("SCHEMA_VERSION").getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type.getName() + " has no public static int SCHEMA_VERSION", e);
        }
    }

    private static Class<? extends WharfEvent> eventClass(String name) {
        return eventClasses().stream().filter(c -> c.getSimpleName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("golden file of no event type in EventTypes: " + name));
    }

    private static Object tree(byte[] json) throws IOException {
        return MAPPER.readValue(json, Argument.mapOf(String.class, Object.class));
    }

    static Path golden() {
        try {
            return Path.of(GoldenEventsCompatibilityTest.class.getResource("/golden").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> goldenFiles() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(golden())) {
            for (Path dir : dirs.sorted().toList()) {
                assertThat(dir.getFileName().toString()).as("a version directory").matches("v[1-9][0-9]*");
                try (Stream<Path> inDir = Files.list(dir)) {
                    files.addAll(inDir.sorted().toList());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static int versionOf(Path file) {
        return Integer.parseInt(file.getParent().getFileName().toString().substring(1));
    }

    private static String recordName(Path file) {
        String name = file.getFileName().toString();
        assertThat(name).endsWith(".json");
        return name.substring(0, name.length() - ".json".length());
    }
}
