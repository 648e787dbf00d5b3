package io.wharf.server.auth;

/**
 * Who a connection authenticated as: an account with its rules, or another member of the broker group (access
 * key {@code member:<node id>}, proved with the cluster secret), which may send Raft traffic and nothing else.
 */
record Principal(String name, boolean member, boolean admin, PermissionRules topics, PermissionRules groups) {
    /** The access key prefix of a group member. */
    static final String MEMBER_PREFIX = "member:";

    static Principal of(Account a) {
        return new Principal(a.accessKey(), false, a.admin(), PermissionRules.parse(a.topics()),
            PermissionRules.parse(a.groups()));
    }

    static Principal member(String nodeId) {
        return new Principal(MEMBER_PREFIX + nodeId, true, false, PermissionRules.parse(null),
            PermissionRules.parse(null));
    }

    Permission topic(String name) {
        return admin ? Permission.PUB_SUB : topics.of(name);
    }

    Permission group(String name) {
        return admin ? Permission.PUB_SUB : groups.of(name);
    }
}
