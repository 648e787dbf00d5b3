package io.wharf.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A replicated broker group of real BrokerMain processes on fixed loopback ports: members can be killed
 * (SIGKILL), paused (SIGSTOP) and resumed, and restarted on their own data. {@link #awaitLeader} asks the
 * members' admin endpoints who serves as leader.
 */
public final class BrokerGroup implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private final List<Member> members = new ArrayList<>();

    /** One member: its id, ports and data, and the process while it runs. */
    public static final class Member {
        private final String id;
        private final int brokerPort;
        private final int adminPort;
        private final Path dataDir;
        private final List<String> settings;
        private BrokerProcess process;

        Member(String id, int brokerPort, int adminPort, Path dataDir, List<String> settings) {
            this.id = id;
            this.brokerPort = brokerPort;
            this.adminPort = adminPort;
            this.dataDir = dataDir;
            this.settings = settings;
        }

        public String id() {
            return id;
        }

        public String address() {
            return "127.0.0.1:" + brokerPort;
        }

        public String adminUrl() {
            return "http://127.0.0.1:" + adminPort;
        }

        /** Where this member keeps its data (store, Raft term and vote, config documents). */
        public Path dataDir() {
            return dataDir;
        }

        public boolean running() {
            return process != null && process.alive();
        }

        public void start() throws Exception {
            List<String> s = new ArrayList<>(settings);
            s.add("-Dwharf.node.id=" + id);
            s.add("-Dwharf.broker.port=" + brokerPort);
            s.add("-Dwharf.admin.port=" + adminPort);
            process = BrokerProcess.start(dataDir, s);
        }

        /** SIGKILL, and waits for the process to be gone. */
        public void kill() {
            process.close();
        }

        public void pause() {
            process.signal("STOP");
        }

        public void resume() {
            process.signal("CONT");
        }

        public List<String> output() {
            return process == null ? List.of() : process.output();
        }

        /** This member's view of the group (GET /admin/cluster), or null if it does not answer. */
        public JsonNode cluster() {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl() + "/admin/cluster"))
                    .timeout(Duration.ofMillis(1000)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Whether this member says it serves as leader (GET /health). */
        public boolean serving() {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl() + "/health"))
                    .timeout(Duration.ofMillis(1000)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && JSON.readTree(r.body()).path("leader").asBoolean(false);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private BrokerGroup() {
    }

    /** Starts {@code size} members under {@code root} with extra settings ({@code -Dwharf.<key>=<value>}). */
    public static BrokerGroup start(Path root, int size, List<String> settings) throws Exception {
        BrokerGroup g = new BrokerGroup();
        int[] ports = Ports.free(2 * size);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ids.add("n" + (i + 1));
        }
        String membersSetting = "-Dwharf.cluster.members=" + java.util.stream.IntStream.range(0, size)
            .mapToObj(i -> ids.get(i) + "@127.0.0.1:" + ports[2 * i]).collect(Collectors.joining(","));
        List<String> all = new ArrayList<>(settings);
        all.add(membersSetting);
        for (int i = 0; i < size; i++) {
            g.members.add(new Member(ids.get(i), ports[2 * i], ports[2 * i + 1], root.resolve(ids.get(i)), all));
        }
        try {
            for (Member m : g.members) {
                m.start();
            }
        } catch (Exception e) {
            g.close();
            throw e;
        }
        return g;
    }


    public List<Member> members() {
        return members;
    }

    /** The client bootstrap list: every member's address. */
    public String bootstrap() {
        return members.stream().map(Member::address).collect(Collectors.joining(","));
    }

    /** Waits until one running member serves as leader and returns it. */
    public Member awaitLeader(Duration timeout) {
        Member[] found = new Member[1];
        Await.until(timeout, () -> {
            for (Member m : members) {
                if (m.running() && m.serving()) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        }, this::describe);
        return found[0];
    }

    /** Each running member's view, for failure messages. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (Member m : members) {
            JsonNode c = m.running() ? m.cluster() : null;
            b.append('\n').append(m.id()).append(m.running() ? "" : " (down)").append(": ")
                .append(c == null ? "-" : c.path("role").asText() + " term " + c.path("term").asText() + " commit "
                    + c.path("commitIndex").asText() + " last " + c.path("lastIndex").asText());
        }
        return b.toString();
    }

    @Override
    public void close() {
        for (Member m : members) {
            if (m.process != null) {
                m.kill();
            }
        }
    }
}
