package io.wharf.client.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Java snippets of docs/client.md are in {@link ClientDocExamples}, so they compile as a reader copies them. */
class ClientDocExamplesTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private static String normalized(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return String.join("\n", lines);
    }

    @Test
    void everySnippetOfTheClientGuideIsCompiledWordForWord() throws IOException {
        Path root = Path.of(System.getProperty("wharf.root", "../.."));
        String doc = Files.readString(root.resolve("docs/client.md"));
        String source = normalized(Files.readString(root.resolve(
            "broker/client/src/test/java/io/wharf/client/docs/ClientDocExamples.java")));
        Matcher m = JAVA_BLOCK.matcher(doc);
        int snippets = 0;
        while (m.find()) {
            snippets++;
            assertThat(source).as("snippet %d of docs/client.md", snippets).contains(normalized(m.group(1)));
        }
        assertThat(snippets).isGreaterThanOrEqualTo(6);
    }
}
