package io.wharf.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.wharf.layering.PackageCycles;
import org.junit.jupiter.api.Test;

/** The protocol is the shared bottom of broker and client: it knows neither, and its packages have no cycles. */
class ProtocolLayeringTest {
    private static final JavaClasses PROTOCOL = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.wharf.protocol");

    @Test
    void packagesHaveNoCycles() {
        PackageCycles.none().check(PROTOCOL);
    }

    @Test
    void theProtocolKnowsNeitherSide() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.wharf.store..", "io.wharf.server..",
                "io.wharf.client..", "io.wharf.raft..")
            .check(PROTOCOL);
    }

    @Test
    void bodiesAndFramesDoNotNeedNetty() {
        noClasses().that().resideOutsideOfPackage("io.wharf.protocol.netty..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..")
            .because("the byte formats are plain Java; only io.wharf.protocol.netty adapts them to Netty")
            .check(PROTOCOL);
    }
}
