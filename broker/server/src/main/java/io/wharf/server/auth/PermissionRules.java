package io.wharf.server.auth;

import java.util.HashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An account's rules for one kind of resource (topics or groups): a name maps to a permission. A rule is an exact
 * name, a prefix ending in {@code *} ({@code Order*}), or {@code *} alone. The exact rule wins, then the longest
 * matching prefix; a name no rule matches is denied.
 */
final class PermissionRules {
    private final Map<String, Permission> exact;
    private final List<Map.Entry<String, Permission>> prefixes;

    private PermissionRules(Map<String, Permission> exact, List<Map.Entry<String, Permission>> prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
    }

    /** Parses rules such as {@code {"OrderPaid": "PUB", "Order*": "SUB", "*": "DENY"}}. */
    static PermissionRules parse(Map<String, String> rules) {
        Map<String, Permission> exact = new HashMap<>();
        List<Map.Entry<String, Permission>> prefixes = new ArrayList<>();
        if (rules != null) {
            rules.forEach((name, perm) -> {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("a rule needs a name, a prefix* or *");
                }
                Permission p = Permission.parse(perm);
                if (name.endsWith("*")) {
                    prefixes.add(Map.entry(name.substring(0, name.length() - 1), p));
                } else {
                    exact.put(name, p);
                }
            });
        }
        prefixes.sort(Comparator.comparingInt((Map.Entry<String, Permission> e) -> e.getKey().length()).reversed());
        return new PermissionRules(Map.copyOf(exact), List.copyOf(prefixes));
    }

    Permission of(String name) {
        Permission p = exact.get(name);
        if (p != null) {
            return p;
        }
        for (Map.Entry<String, Permission> e : prefixes) {
            if (name.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return Permission.DENY;
    }
}
