package io.wharf.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.wharf.layering.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * The broker server's layering, enforced: no package cycles (the node's wiring in {@code io.wharf.server} sits on
 * top, what every part shares lives in {@code io.wharf.server.common}), and nothing below the wiring reaches up.
 */
class ServerLayeringTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.wharf.server");

    @Test
    void packagesHaveNoCycles() {
        PackageCycles.none().check(SERVER);
    }

    @Test
    void partsDoNotReachUpIntoTheNodesWiring() {
        noClasses().that().resideOutsideOfPackage("io.wharf.server")
            .should().dependOnClassesThat().resideInAPackage("io.wharf.server")
            .because("BrokerNode, BrokerConfig and the admin endpoint wire the parts together; the parts get what "
                + "they need passed in")
            .check(SERVER);
    }

    @Test
    void theCommonPackageIsALeaf() {
        noClasses().that().resideInAPackage("io.wharf.server.common")
            .should().dependOnClassesThat().resideInAnyPackage("io.wharf.server", "io.wharf.server.auth..",
                "io.wharf.server.cluster..", "io.wharf.server.net..", "io.wharf.server.retry..",
                "io.wharf.server.schedule..", "io.wharf.server.transaction..", "io.wharf.server.pull..")
            .check(SERVER);
    }
}
