package io.wharf.testkit;

import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs running a main class from this test's class path with the same java. */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static List<String> command(String mainClass, List<String> jvmOptions, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
