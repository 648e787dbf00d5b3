package io.wharf.e2e;

/** Reads one counter from a service's {@code /prometheus} text: the sum of its series that carry a label. */
final class Prometheus {
    private Prometheus() {
    }

    /** Sum of {@code metric}'s samples whose labels contain {@code label} (e.g. {@code group="coupon-service"}). */
    static double sum(String service, String metric, String label) {
        WholeStack.Reply r = WholeStack.get(service + "/prometheus");
        if (r.status() != 200) {
            throw new IllegalStateException(service + "/prometheus answered " + r.status());
        }
        double sum = 0;
        for (String line : r.text().split("\n")) {
            if (line.startsWith(metric + "{") && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
