package io.wharf.raft;

import java.time.Instant;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.wharf.layering.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * The consensus core is pure: no network, no files, no wall clock, nothing of the broker; time, transport, log
 * and metadata come in through interfaces, which is what lets the simulation tests drive it deterministically.
 */
class RaftLayeringTest {
    private static final JavaClasses RAFT = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.wharf.raft");

    @Test
    void packagesHaveNoCycles() {
        PackageCycles.none().check(RAFT);
    }

    @Test
    void theCoreTouchesNoNetworkFilesOrBroker() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.netty..", "java.net..", "java.nio.file..",
                "java.nio.channels..", "io.wharf.store..", "io.wharf.server..", "io.wharf.client..",
                "io.wharf.protocol..")
            .check(RAFT);
    }

    @Test
    void theCoreReadsNoWallClock() {
        noClasses().should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(Instant.class, "now")
            .check(RAFT);
    }
}
