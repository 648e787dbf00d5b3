package io.wharf.launcher;

import io.wharf.testkit.EmbeddedPostgresServer;
import io.wharf.testkit.EmbeddedRedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine (README command 1): embedded PostgreSQL (logical WAL; databases orders,
 * coupons, warehouse) and Redis, the 3-node broker group, then order-service, coupon-service, order-timeout,
 * binlog-sync and two warehouse instances, in dependency order, each health-checked before the next, with the
 * demo configuration (a 1-minute payment window). Prints the URLs at the end; Ctrl-C or SIGTERM stops everything
 * in reverse order. Data and one log per process under {@code .wharf/}; the next start keeps the data.
 */
public final class LocalStack {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String BROKER_OVERRIDE = "wharf.stack.broker.";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Layout layout;
    private final List<Child> children = new ArrayList<>();
    private EmbeddedPostgresServer postgres;
    private EmbeddedRedisServer redis;
    private Watchdog watchdog;
    private StackSecurity security;
    private int step;
    private volatile boolean stopping;

    private LocalStack(Layout layout) {
        this.layout = layout;
    }

    public static void main(String[] args) throws Exception {
        // The broker's jar (on the class path through the test kit) has a logback.xml of its own.
        System.setProperty("logback.configurationFile", "launcher-logback.xml");
        Path root = Path.of(System.getProperty("wharf.root", ".")).toAbsolutePath().normalize();
        Path data = Path.of(System.getProperty("wharf.data", root.resolve(".wharf").toString())).toAbsolutePath();
        LocalStack stack = new LocalStack(new Layout(root, data));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "wharf-stop"));
        try {
            stack.up();
            if (args.length > 0 && "demo".equals(args[0])) {
                new Demo(stack.operations()).run();
                System.out.println("The stack keeps running. Ctrl-C stops everything.");
            }
        } catch (Exception e) {
            System.err.println("\nThe local stack did not start: " + e.getMessage());
            System.exit(1);
        }
        stack.watch();
    }

    /**
     * A service of the stack: its module, jar, port and settings, the broker account it uses, and whether it calls
     * the broker's admin API.
     */
    private record Service(String name, String module, String jar, int port, Map<String, String> settings,
                           String account, boolean admin) {
        Service(String name, String module, String jar, int port, Map<String, String> settings) {
            this(name, module, jar, port, settings, module, false);
        }
    }

    private void up() throws Exception {
        Files.createDirectories(layout.data());
        System.out.println("Wharf local stack: data and logs in " + layout.data());
        long t = System.nanoTime();
        progress("PostgreSQL 17 (embedded, logical WAL) on :" + Layout.POSTGRES_PORT);
        postgres = EmbeddedPostgresServer.open(layout.data().resolve("postgres"), Layout.POSTGRES_PORT);
        postgres.createMissingDatabases(Layout.DATABASES);
        done(t);
        t = System.nanoTime();
        progress("Redis (embedded) on :" + Layout.REDIS_PORT);
        redis = EmbeddedRedisServer.start(Layout.REDIS_PORT);
        watchdog = Watchdog.start(layout, layout.log("watchdog"));
        done(t);
        t = System.nanoTime();
        security = StackSecurity.loadOrCreate(layout.data());
        progress("broker group of " + Layout.NODES + " nodes on " + layout.bootstrap());
        startBrokers();
        String leader = awaitLeader();
        for (Map.Entry<String, Integer> topic : Map.of("order-events", 8, "order-timeout", 4, "order-binlog", 4)
            .entrySet()) {
            createTopic(leader, topic.getKey(), topic.getValue());
        }
        done(t);
        for (Service s : services()) {
            t = System.nanoTime();
            progress(s.name() + " on :" + s.port());
            startService(s);
            done(t);
        }
        printUrls();
    }

    private void progress(String what) {
        System.out.printf("[%d/%d] %-62s", ++step, 3 + services().size(), what);
        System.out.flush();
    }

    private static void done(long since) {
        System.out.printf(" up (%.1f s)%n", (System.nanoTime() - since) / 1e9);
    }

    private Operations operations() {
        return new Operations(layout, children);
    }

    /**
     * Starts the broker nodes; a launcher system property {@code wharf.stack.broker.<key>=<value>} sets a broker
     * setting on every node, e.g. {@code -Dwharf.stack.broker.transaction.check.interval.ms=2000}.
     */
    private void startBrokers() throws IOException {
        Path jar = layout.jar("broker/server", "wharf-broker-server");
        requireJar(jar);
        StringBuilder members = new StringBuilder();
        for (int i = 1; i <= Layout.NODES; i++) {
            members.append(i > 1 ? "," : "").append("n").append(i).append("@127.0.0.1:").append(Layout.brokerPort(i));
        }
        for (int i = 1; i <= Layout.NODES; i++) {
            Path dir = layout.data().resolve("n" + i);
            Files.createDirectories(dir);
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("node.id", "n" + i);
            settings.put("cluster.members", members.toString());
            settings.put("broker.port", Integer.toString(Layout.brokerPort(i)));
            settings.put("admin.port", Integer.toString(Layout.adminPort(i)));
            settings.put("data.dir", dir.toString());
            settings.put("transaction.check.max", "60");
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(BROKER_OVERRIDE))
                .forEach(k -> settings.put(k.substring(BROKER_OVERRIDE.length()), System.getProperty(k)));
            List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx384m", "-XX:+UseSerialGC"));
            settings.forEach((k, v) -> cmd.add("-Dwharf." + k + "=" + v));
            cmd.addAll(List.of("-jar", jar.toString()));
            children.add(Child.start("broker-n" + i, cmd, security.brokerEnvironment(),
                layout.log("broker-n" + i),
                "http://127.0.0.1:" + Layout.adminPort(i) + "/health"));
        }
    }

    private String awaitLeader() {
        String[] leader = {null};
        Probe.await("a broker leader", START_TIMEOUT, () -> {
            for (int i = 1; i <= Layout.NODES; i++) {
                String url = "http://127.0.0.1:" + Layout.adminPort(i);
                String body = Probe.get(url + "/health");
                if (body != null && body.replace(" ", "").contains("\"leader\":true")) {
                    leader[0] = url;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    private void createTopic(String adminUrl, String name, int queues) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl + "/admin/topics"))
            .header("Authorization", "Bearer " + security.adminToken())
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"queues\":" + queues + "}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2 && r.statusCode() != 409) {
            throw new IllegalStateException("creating topic " + name + ": " + r.statusCode() + " " + r.body());
        }
    }

    private List<Service> services() {
        Map<String, String> db = Map.of("username", "postgres", "password", "postgres");
        List<Service> list = new ArrayList<>();
        Map<String, String> order = new LinkedHashMap<>();
        datasource(order, "default", "orders", db);
        order.put("redis.uri", "redis://127.0.0.1:" + Layout.REDIS_PORT);
        order.put("orders.timeout-delay-level", "5");
        order.put("orders.timeout-delay", "1m");
        list.add(new Service("order-service", "order-service", "wharf-order-service", 8090, order));
        Map<String, String> coupon = new LinkedHashMap<>();
        datasource(coupon, "default", "coupons", db);
        coupon.put("wharf.admin-urls", layout.adminUrls());
        // The demo configuration: a short retry ladder (about 7 s), so a database outage reaches the DLQ quickly.
        coupon.put("wharf.groups.coupon-service.retry-delays", "1s 2s 4s");
        coupon.put("wharf.groups.coupon-service.max-reconsume-times", "3");
        list.add(new Service("coupon-service", "coupon-service", "wharf-coupon-service", 8091, coupon,
            "coupon-service", true));
        Map<String, String> timeout = new LinkedHashMap<>();
        timeout.put("micronaut.http.services.order-service.url", "http://127.0.0.1:8090");
        list.add(new Service("order-timeout", "order-timeout", "wharf-order-timeout", 8092, timeout));
        Map<String, String> binlog = new LinkedHashMap<>();
        datasource(binlog, "default", "orders", db);
        binlog.put("binlog.data-dir", layout.data().resolve("binlog-sync").toString());
        list.add(new Service("binlog-sync", "binlog-sync", "wharf-binlog-sync", 8093, binlog));
        for (String instance : List.of("a", "b")) {
            Map<String, String> wh = new LinkedHashMap<>();
            datasource(wh, "default", "warehouse", db);
            datasource(wh, "orders", "orders", db);
            wh.put("wharf.client-name", "warehouse-" + instance);
            list.add(new Service("warehouse-" + instance, "warehouse", "wharf-warehouse",
                "a".equals(instance) ? 8094 : 8095, wh));
        }
        return list;
    }

    private void datasource(Map<String, String> settings, String name, String database, Map<String, String> db) {
        settings.put("datasources." + name + ".url", layout.jdbcUrl(database));
        settings.put("datasources." + name + ".username", db.get("username"));
        settings.put("datasources." + name + ".password", db.get("password"));
    }

    /**
     * Starts a service; a launcher system property {@code wharf.stack.<service>.<key>=<value>} overrides (or adds)
     * one of its settings, e.g. {@code -Dwharf.stack.order-service.orders.timeout-delay-level=1} (the end-to-end
     * tests' short windows).
     */
    private void startService(Service s) throws IOException {
        Path jar = layout.jar(s.module(), s.jar());
        requireJar(jar);
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC",
            "-Dmicronaut.server.port=" + s.port(), "-Dwharf.bootstrap=" + layout.bootstrap()));
        Map<String, String> settings = new LinkedHashMap<>(s.settings());
        String prefix = "wharf.stack." + s.name() + ".";
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
            .forEach(k -> settings.put(k.substring(prefix.length()), System.getProperty(k)));
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        Child child = Child.start(s.name(), cmd, security.serviceEnvironment(s.account(), s.admin()),
            layout.log(s.name()), "http://127.0.0.1:" + s.port() + "/health");
        children.add(child);
        operations().awaitHealthy(child);
    }

    private void printUrls() {
        System.out.println();
        System.out.println("Wharf is up. Ctrl-C stops everything.");
        System.out.println("  order-service   http://127.0.0.1:8090  (OpenAPI /swagger/order-service-0.1.yml)");
        System.out.println("  coupon-service  http://127.0.0.1:8091  (OpenAPI /swagger/coupon-service-0.1.yml)");
        System.out.println("  order-timeout   http://127.0.0.1:8092  (OpenAPI /swagger/order-timeout-0.1.yml)");
        System.out.println("  binlog-sync     http://127.0.0.1:8093  (/sync/status)");
        System.out.println("  warehouse a, b  http://127.0.0.1:8094, :8095  (/warehouse/reconcile)");
        System.out.println("  every service   /health  /prometheus");
        System.out.println("  broker admin    " + layout.adminUrls().replace(",", "  "));
        System.out.println("                  (/health /metrics open; /admin/... needs a token, e.g.");
        System.out.println("                   curl -H \"Authorization: Bearer $(cat " + security.dir()
            + "/admin-read.token)\" \\");
        System.out.println("                        http://127.0.0.1:8081/admin/groups/coupon-service/dlq)");
        if (security.created()) {
            System.out.println("  security        ACL on; generated once in " + security.dir() + ":");
            System.out.println("                  admin token      " + security.adminToken());
            System.out.println("                  read-only token  " + security.readToken());
            System.out.println("                  accounts         accounts.json, service-keys.properties;"
                + " cluster.secret");
        } else {
            System.out.println("  security        ACL on; tokens, accounts and the cluster secret in "
                + security.dir());
        }
        System.out.println("  PostgreSQL      " + layout.jdbcUrl("orders") + " (user postgres / postgres)");
        System.out.println();
        System.out.println("Place and pay an order:");
        System.out.println("  curl -s -XPOST localhost:8090/orders -H 'Content-Type: application/json' \\");
        System.out.println("       -d '{\"userId\":\"u-1\",\"items\":[{\"sku\":\"sku-1\",\"qty\":2,"
            + "\"unitPrice\":60.00}]}'");
        System.out.println("  curl -s -XPOST localhost:8090/orders/<orderId>/payment \\");
        System.out.println("       -H 'Content-Type: application/json' \\");
        System.out.println("       -d '{\"paymentId\":\"pm-1\",\"amount\":120.00}'");
        System.out.println("  curl -s localhost:8091/coupons/by-order/<orderId>");
        System.out.println("  curl -s localhost:8094/warehouse/orders/<orderId>");
    }

    /**
     * Keeps the main thread (the children's parent for --pdeathsig) alive, reports a process that dies, and runs
     * the {@link Control} commands when {@code -Dwharf.control=stdin}.
     */
    private void watch() throws InterruptedException {
        Control control = "stdin".equals(System.getProperty("wharf.control")) ? Control.fromStandardInput() : null;
        Operations ops = operations();
        List<Child> reported = new ArrayList<>();
        while (!stopping) {
            for (Child c : children) {
                if (c.alive()) {
                    reported.remove(c);
                } else if (!reported.contains(c) && !stopping) {
                    reported.add(c);
                    System.err.println(c.name() + " exited; see " + c.log());
                }
            }
            String command = control == null ? null : control.next(1000);
            if (command == null && control == null) {
                Thread.sleep(1000);
            } else if (command != null && !stopping) {
                Control.execute(command, ops);
            }
        }
    }

    private synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        System.out.println("\nStopping the local stack...");
        for (Child c : children.reversed()) {
            System.out.println("  " + c.name());
            c.stop();
        }
        if (watchdog != null) {
            watchdog.disarm();
        }
        if (redis != null) {
            System.out.println("  Redis");
            redis.close();
        }
        if (postgres != null) {
            System.out.println("  PostgreSQL");
            postgres.close();
        }
        System.out.println("Stopped; data kept in " + layout.data());
    }

    private static void requireJar(Path jar) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; build first: ./mvnw -B -DskipTests package");
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
