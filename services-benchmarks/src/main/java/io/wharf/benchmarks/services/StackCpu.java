package io.wharf.benchmarks.services;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time each process of the local stack used between two readings, found by its command line (the
 * service jars, the broker nodes by id, PostgreSQL's processes together, Redis), from the kernel's accounting.
 * PostgreSQL backends that exit during the run take their CPU time with them: its figure is a lower bound.
 */
final class StackCpu {
    private final Map<Long, Duration> cpuByPid;
    private final long startNanos;
    private final long selfNanos;

    private StackCpu(Map<Long, Duration> cpuByPid, long startNanos, long selfNanos) {
        this.cpuByPid = cpuByPid;
        this.startNanos = startNanos;
        this.selfNanos = selfNanos;
    }

    static StackCpu sample() {
        Map<Long, Duration> cpu = new HashMap<>();
        read(cpu, new HashMap<>());
        return new StackCpu(cpu, System.nanoTime(), selfCpuNanos());
    }

    private static long selfCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Share of one core per process name since {@link #sample}. */
    Map<String, Double> since() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        Map<Long, Duration> now = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        read(now, names);
        Map<String, Double> share = new TreeMap<>();
        now.forEach((pid, cpu) -> {
            Duration before = cpuByPid.getOrDefault(pid, Duration.ZERO);
            share.merge(names.get(pid), (cpu.toNanos() - before.toNanos()) / 1e9 / wall, Double::sum);
        });
        share.put("load tool", (selfCpuNanos() - selfNanos) / 1e9 / wall);
        return share;
    }

    private static void read(Map<Long, Duration> cpu, Map<Long, String> names) {
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(p -> {
            String name = name(p);
            if (name != null) {
                p.info().totalCpuDuration().ifPresent(d -> {
                    cpu.put(p.pid(), d);
                    names.put(p.pid(), name);
                });
            }
        });
    }

    private static String name(ProcessHandle p) {
        String command = p.info().command().orElse("");
        String line = p.info().commandLine().orElse(command);
        if (command.endsWith("/postgres") || line.startsWith("postgres:")) {
            return "postgres (all)";
        }
        if (command.contains("redis-server")) {
            return "redis";
        }
        int jar = line.indexOf("/wharf-");
        if (jar < 0 || !line.contains(".jar")) {
            return null;
        }
        String app = line.substring(jar + 1, line.indexOf(".jar", jar));
        if ("wharf-broker-server".equals(app)) {
            int node = line.indexOf("-Dwharf.node.id=");
            return "broker " + (node < 0 ? "?" : line.substring(node + 16).split(" ")[0]);
        }
        if ("wharf-launcher".equals(app)) {
            return "launcher";
        }
        if ("wharf-warehouse".equals(app)) {
            int client = line.indexOf("-Dwharf.client-name=");
            return client < 0 ? "warehouse" : line.substring(client + 20).split(" ")[0];
        }
        return app.substring("wharf-".length());
    }
}
