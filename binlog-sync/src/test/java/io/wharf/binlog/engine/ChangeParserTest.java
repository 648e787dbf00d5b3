package io.wharf.binlog.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.wharf.binlog.BinlogConfiguration;
import io.wharf.contracts.binlog.OrderRowChanged;
import io.wharf.micronaut.OutgoingMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Debezium's change events (pgoutput, JSON without schemas, decimals as strings) as binlog-sync reads them. */
class ChangeParserTest {
    private final ChangeParser parser = new ChangeParser(JsonMapper.createDefault());

    private static final String ITEM_INSERT = """
        {"before":null,"after":{"id":7,"order_id":"o-1","line_no":1,"sku":"sku-1","qty":2,"unit_price":"3.50"},
         "source":{"version":"3.6.3.Final","connector":"postgresql","name":"orders","ts_ms":1796300000123,
                   "db":"orders","sequence":"[null,\\"24023128\\"]","schema":"public","table":"order_items",
                   "txId":771,"lsn":24023128,"xmin":null},
         "op":"c","ts_ms":1796300000200}""";

    @Test
    void anItemInsertBelongsToItsOrderAndCarriesLsnTransactionAndCommitTime() {
        OrderRowChanged c = parser.parse(ITEM_INSERT).orElseThrow();
        assertThat(c.table()).isEqualTo("order_items");
        assertThat(c.op()).isEqualTo(OrderRowChanged.OP_CREATE);
        assertThat(c.orderId()).isEqualTo("o-1");
        assertThat(c.lsn()).isEqualTo(24023128L);
        assertThat(c.txId()).isEqualTo(771L);
        assertThat(c.commitTs()).isEqualTo(Instant.ofEpochMilli(1796300000123L));
        assertThat(c.after()).containsEntry("unit_price", "3.50");
        assertThat(c.before()).isNull();
    }

    @Test
    void anOrderUpdateIsKeyedByTheOrdersOwnIdAndADeleteByItsBeforeImage() {
        String update = """
            {"before":null,"after":{"id":"o-9","status":"PAID","total":"7.00"},
             "source":{"table":"orders","txId":800,"lsn":25000000,"ts_ms":1796300001000},"op":"u"}""";
        assertThat(parser.parse(update).orElseThrow().orderId()).isEqualTo("o-9");
        String delete = """
            {"before":{"payment_id":"pm-1","order_id":"o-9"},"after":null,
             "source":{"table":"payments","txId":801,"lsn":25000100,"ts_ms":1796300002000},"op":"d"}""";
        OrderRowChanged d = parser.parse(delete).orElseThrow();
        assertThat(d.orderId()).isEqualTo("o-9");
        assertThat(d.after()).isNull();
    }

    @Test
    void heartbeatsAndOtherEventsAreNotRowChanges() {
        assertThat(parser.parse("{\"ts_ms\":1796300000000}")).isEmpty();
        assertThat(parser.parse(null)).isEmpty();
        assertThatThrownBy(() -> parser.parse("{\"op\":\"c\",\"source\":{\"table\":\"orders\"},\"after\":{}}"))
            .hasMessageContaining("without its order id");
    }

    @Test
    void messagesCarryTheFilterPropertiesAndAreOrderedByTheOrderIdUnlessRoundRobin() {
        OrderRowChanged c = parser.parse(ITEM_INSERT).orElseThrow();
        BinlogConfiguration config = new BinlogConfiguration();
        ChangePublisher byOrder = new ChangePublisher(null, config, null);
        OutgoingMessage m = byOrder.message(c);
        assertThat(m.topic()).isEqualTo("order-binlog");
        assertThat(m.tag()).isEqualTo("order_items");
        assertThat(m.orderKey()).isEqualTo("o-1");
        assertThat(m.properties()).containsEntry("op", "c").containsEntry("table", "order_items")
            .containsEntry("lsn", "24023128").containsEntry("txId", "771")
            .containsEntry("commitTs", "2026-12-03T12:13:20.123Z");
        config.setQueueSelection(BinlogConfiguration.QueueSelection.ROUND_ROBIN);
        assertThat(byOrder.message(c).orderKey()).isNull();
    }
}
