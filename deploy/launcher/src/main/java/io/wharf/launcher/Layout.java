package io.wharf.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * Where everything of the local stack lives: one directory ({@code .wharf/} in the checkout: a data directory and
 * a log per process) and fixed ports, so the next start finds its data and the URLs stay the same.
 *
 * @param root the checkout (where the jars are)
 * @param data the data directory
 */
record Layout(Path root, Path data) {
    static final int POSTGRES_PORT = 15432;
    static final int REDIS_PORT = 16379;
    static final int NODES = 3;
    static final List<String> DATABASES = List.of("orders", "coupons", "warehouse");

    static int brokerPort(int node) {
        return 10901 + 10 * node;
    }

    static int adminPort(int node) {
        return 8080 + node;
    }

    Path jar(String module, String name) {
        return root.resolve(module).resolve("target").resolve(name + ".jar");
    }

    Path log(String process) {
        return data.resolve("logs").resolve(process + ".log");
    }

    String bootstrap() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= NODES; i++) {
            b.append(i > 1 ? "," : "").append("127.0.0.1:").append(brokerPort(i));
        }
        return b.toString();
    }

    String adminUrls() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= NODES; i++) {
            b.append(i > 1 ? "," : "").append("http://127.0.0.1:").append(adminPort(i));
        }
        return b.toString();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/" + database;
    }
}
