package io.wharf.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns the suite's ledger reports ({@code target/ledger/*.json}) into {@code target/ledger/scorecard.md}: per
 * scenario, the fault, the orders acknowledged, messages lost, duplicates produced and absorbed, reorders, stuck
 * orders and the time to recover. {@code docs/scorecard.md} is a copy from a run on the project's machine.
 */
final class Scorecard {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Scorecard() {
    }

    static void write() throws IOException {
        if (!Files.isDirectory(LossLedger.DIR)) {
            return;
        }
        List<Path> reports;
        try (Stream<Path> files = Files.list(LossLedger.DIR)) {
            reports = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        StringBuilder md = new StringBuilder("""
            | scenario | fault | orders acknowledged (paid / closed) | lost | duplicated | duplicates absorbed \
            | reordered | stuck | refused requests | recovery (s) | last waited for |
            |---|---|---|---|---|---|---|---|---|---|---|
            """);
        for (Path p : reports) {
            JsonNode r = JSON.readTree(p.toFile());
            md.append("| `").append(r.path("scenario").asText()).append("` | ").append(r.path("fault").asText())
                .append(" | ").append(r.path("acknowledged").asInt()).append(" (")
                .append(r.path("expectedPaid").asInt()).append(" / ").append(r.path("expectedClosed").asInt())
                .append(") | ").append(r.path("missing").size()).append(" | ").append(r.path("duplicated").size())
                .append(" | ").append(r.path("duplicatesAbsorbed").asInt()).append(" | ")
                .append(r.path("reordered").size()).append(" | ").append(r.path("stuck").size()).append(" | ")
                .append(r.path("refused").asInt()).append(" | ").append(r.path("recoverySeconds").asDouble())
                .append(" | ").append(r.path("lastWaitedFor").asText()).append(" |\n");
        }
        Files.writeString(LossLedger.DIR.resolve("scorecard.md"), md);
        System.out.println("[e2e] scorecard: " + LossLedger.DIR.resolve("scorecard.md").toAbsolutePath());
        System.out.print(md);
    }
}
