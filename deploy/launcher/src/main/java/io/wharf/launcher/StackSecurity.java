package io.wharf.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local stack's secrets, generated on the first start under {@code .wharf/security/} (owner-only files) and
 * kept for the next: the members' cluster secret, the admin API's admin and read-only tokens, and one account per
 * service with only the topics and groups it uses (accounts.json, the brokers' seed). They reach the processes
 * through environment variables, never through command lines other users could read with {@code ps}.
 */
final class StackSecurity {
    /** Each service's account: its topic and group rules (the seed file's JSON, without the secret). */
    private static final Map<String, String> RULES = rules();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final boolean created;
    private final Map<String, String> values;

    private StackSecurity(Path dir, boolean created, Map<String, String> values) {
        this.dir = dir;
        this.created = created;
        this.values = values;
    }

    private static Map<String, String> rules() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("order-service", "\"topics\": {\"order-events\": \"PUB\", \"order-timeout\": \"PUB\"}");
        r.put("coupon-service", "\"topics\": {\"order-events\": \"SUB\", \"coupon-events\": \"PUB\"}, "
            + "\"groups\": {\"coupon-service*\": \"SUB\"}");
        r.put("order-timeout", "\"topics\": {\"order-timeout\": \"PUB|SUB\"}, "
            + "\"groups\": {\"order-timeout*\": \"SUB\"}");
        r.put("binlog-sync", "\"topics\": {\"order-binlog\": \"PUB\"}");
        r.put("warehouse", "\"topics\": {\"order-binlog\": \"SUB\"}, \"groups\": {\"warehouse*\": \"SUB\"}");
        return r;
    }

    /** Reads the secrets of {@code data}, or generates them when this is the stack's first start. */
    static StackSecurity loadOrCreate(Path data) throws IOException {
        Path dir = data.resolve("security");
        boolean created = !Files.exists(dir.resolve("cluster.secret"));
        Map<String, String> values = new LinkedHashMap<>();
        if (created) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            write(dir.resolve("cluster.secret"), random());
            write(dir.resolve("admin.token"), random());
            write(dir.resolve("admin-read.token"), random());
            StringBuilder accounts = new StringBuilder("{\"accounts\": [\n");
            StringBuilder keys = new StringBuilder("# access key = secret key, one account per service\n");
            for (Map.Entry<String, String> a : RULES.entrySet()) {
                String secret = random();
                accounts.append(accounts.length() > 16 ? ",\n" : "").append("  {\"accessKey\": \"")
                    .append(a.getKey()).append("\", \"secretKey\": \"").append(secret).append("\", ")
                    .append(a.getValue()).append('}');
                keys.append(a.getKey()).append('=').append(secret).append('\n');
            }
            write(dir.resolve("accounts.json"), accounts.append("\n]}\n").toString());
            write(dir.resolve("service-keys.properties"), keys.toString());
        }
        values.put("cluster", Files.readString(dir.resolve("cluster.secret")).trim());
        values.put("admin", Files.readString(dir.resolve("admin.token")).trim());
        values.put("read", Files.readString(dir.resolve("admin-read.token")).trim());
        for (String line : Files.readAllLines(dir.resolve("service-keys.properties"))) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                values.put("service." + line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return new StackSecurity(dir, created, values);
    }

    private static String random() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** True when this start generated the secrets (they are printed once, then). */
    boolean created() {
        return created;
    }

    Path dir() {
        return dir;
    }

    String adminToken() {
        return values.get("admin");
    }

    String readToken() {
        return values.get("read");
    }

    /** A broker's environment: ACL on with the seed accounts, the cluster secret, the admin tokens. */
    Map<String, String> brokerEnvironment() {
        return Map.of("WHARF_ACL_ENABLED", "true",
            "WHARF_ACL_ACCOUNTS_FILE", dir.resolve("accounts.json").toString(),
            "WHARF_CLUSTER_SECRET", values.get("cluster"),
            "WHARF_ADMIN_TOKEN_ADMIN", adminToken(),
            "WHARF_ADMIN_TOKEN_READ", readToken());
    }

    /** A service's environment: its account, and the admin token when it calls the broker's admin API. */
    Map<String, String> serviceEnvironment(String account, boolean admin) {
        String secret = values.get("service." + account);
        if (secret == null) {
            throw new IllegalStateException("no account '" + account + "' in "
                + dir.resolve("service-keys.properties"));
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WHARF_ACCESS_KEY", account);
        env.put("WHARF_SECRET_KEY", secret);
        if (admin) {
            env.put("WHARF_ADMIN_TOKEN", adminToken());
        }
        return env;
    }
}
