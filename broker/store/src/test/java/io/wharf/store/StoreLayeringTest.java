package io.wharf.store;

import java.time.Clock;
import java.time.Instant;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.wharf.layering.PackageCycles;
import org.junit.jupiter.api.Test;

/**
 * The store's layering, enforced: it knows nothing of the network, Netty, the broker or the client, and it
 * reads no wall clock (time comes from an injected InstantSource).
 */
class StoreLayeringTest {
    private static final JavaClasses STORE = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.wharf.store");

    @Test
    void storeDoesNotTouchTheNetwork() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.netty..", "java.net..", "javax.net..",
                "java.nio.channels.spi..", "com.sun.net..")
            .because("the store is a library of files; networking belongs to broker/server")
            .check(STORE);
        noClasses().should().dependOnClassesThat().haveSimpleName("SocketChannel")
            .orShould().dependOnClassesThat().haveSimpleName("ServerSocketChannel")
            .orShould().dependOnClassesThat().haveSimpleName("DatagramChannel")
            .check(STORE);
    }

    @Test
    void storeDoesNotKnowTheLayersAboveIt() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.wharf.server..", "io.wharf.client..",
                "io.wharf.protocol..")
            .check(STORE);
    }

    @Test
    void storeLogicReadsTimeOnlyFromTheInjectedClock() {
        noClasses().should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(Instant.class, "now")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .because("store logic takes time from an injected InstantSource")
            .check(STORE);
    }

    @Test
    void packagesHaveNoCycles() {
        PackageCycles.none()
            .because("each package builds on those below it only; shared types live in a leaf package")
            .check(STORE);
    }

    @Test
    void lowerPackagesDoNotReachUpIntoTheStoreFacade() {
        noClasses().that().resideInAnyPackage("io.wharf.store.file..", "io.wharf.store.queue..",
                "io.wharf.store.index..", "io.wharf.store.log..", "io.wharf.store.format..",
                "io.wharf.store.recovery..", "io.wharf.store.common..")
            .should().dependOnClassesThat().resideInAnyPackage("io.wharf.store")
            .because("the facade package sits on top; what every layer shares lives in io.wharf.store.common")
            .check(STORE);
    }
}
