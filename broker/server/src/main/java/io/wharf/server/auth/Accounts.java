package io.wharf.server.auth;

import java.util.HashMap;
import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.server.util.JsonFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's accounts: the document {@code <data.dir>/config/acl.json}, a state document like topics.json (so
 * a replicated group shares it, and the admin API changes it on the leader). Until the first change the accounts
 * come from the seed file {@code acl.accounts.file}, when one is configured: an operator writes the same seed
 * for every member, and the first change through the admin API makes the group's own document.
 */
public final class Accounts {
    private final JsonFile<Document> file;
    private final JsonFile<Document> seed;
    private final Map<String, Account> byKey = new ConcurrentHashMap<>();
    private final Map<String, Principal> principals = new ConcurrentHashMap<>();

    /** The document's shape: {@code {"accounts": [ ... ]}}. */
    public record Document(List<Account> accounts) {
    }

    public Accounts(Path configDir, Path seedFile) {
        this.file = new JsonFile<>(configDir.resolve("acl.json"), new TypeReference<>() { });
        this.seed = seedFile == null ? null : new JsonFile<>(seedFile, new TypeReference<>() { });
        reload();
    }

    /** Reads the group's document, or the seed while there is none. */
    public synchronized void reload() {
        Document d = file.read();
        if (d == null && seed != null) {
            d = seed.read();
            if (d == null) {
                throw new IllegalArgumentException("acl.accounts.file " + seed.path() + " does not exist");
            }
        }
        Map<String, Account> loaded = new HashMap<>();
        if (d != null && d.accounts() != null) {
            for (Account a : d.accounts()) {
                if (loaded.put(a.accessKey(), a) != null) {
                    throw new IllegalArgumentException("access key '" + a.accessKey() + "' is defined twice");
                }
            }
        }
        byKey.keySet().retainAll(loaded.keySet());
        principals.keySet().retainAll(loaded.keySet());
        loaded.values().forEach(this::hold);
    }

    private void hold(Account a) {
        byKey.put(a.accessKey(), a);
        principals.put(a.accessKey(), Principal.of(a));
    }

    /** The rights of an account as they are now (a change or removal applies to open connections at once). */
    Principal principal(String accessKey) {
        return principals.get(accessKey);
    }

    public Optional<Account> find(String accessKey) {
        return Optional.ofNullable(byKey.get(accessKey));
    }

    /** Every account, ordered by access key. */
    public List<Account> all() {
        List<Account> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparing(Account::accessKey));
        return out;
    }

    /** Adds or replaces an account and writes the document. */
    public synchronized void put(Account account) {
        hold(account);
        save();
    }

    /** Removes an account; false when there was none. Its open connections are refused from the next request. */
    public synchronized boolean remove(String accessKey) {
        principals.remove(accessKey);
        boolean removed = byKey.remove(accessKey) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    private void save() {
        file.write(new Document(all()));
    }
}
