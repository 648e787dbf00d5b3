package io.wharf.benchmarks.broker;

import java.util.ArrayList;
import java.util.List;

/** The start of a broker JVM's command line: the tool's own java, the shared JVM options, an optional recording. */
final class JavaCommand {
    private JavaCommand() {
    }

    /** {@code java <jvm options> [-XX:StartFlightRecording=...]}; the recording is named after {@code label}. */
    static List<String> base(BrokerLoadOptions o, String label) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(o.jvmOptions());
        if (o.jfrDir() != null) {
            cmd.add("-XX:StartFlightRecording=settings=profile,filename="
                + o.jfrDir().toAbsolutePath().resolve(label + ".jfr"));
        }
        return cmd;
    }
}
