package io.wharf.benchmarks.services;

import java.time.Duration;

/**
 * The load tool's options.
 *
 * @param clients        concurrent clients
 * @param warmup         time before measuring
 * @param duration       time measured
 * @param maxConnections the service's database pool size
 */
record LoadArgs(int clients, Duration warmup, Duration duration, int maxConnections) {
    static LoadArgs parse(String[] args) {
        int clients = 64;
        Duration warmup = Duration.ofSeconds(10);
        Duration duration = Duration.ofSeconds(30);
        int pool = 32;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = seconds(args[++i]);
                case "--duration" -> duration = seconds(args[++i]);
                case "--db-pool" -> pool = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + " (--clients N --warmup 10s --duration 30s --db-pool 32)");
            }
        }
        return new LoadArgs(clients, warmup, duration, pool);
    }

    private static Duration seconds(String s) {
        return Duration.ofSeconds(Long.parseLong(s.endsWith("s") ? s.substring(0, s.length() - 1) : s));
    }
}
