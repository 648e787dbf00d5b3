package io.wharf.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.wharf.layering.PackageCycles;
import org.junit.jupiter.api.Test;

/** The client depends only on the protocol: never on the store or the broker server. */
class ClientLayeringTest {
    private static final JavaClasses CLIENT = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.wharf.client");

    @Test
    void packagesHaveNoCycles() {
        PackageCycles.none()
            .because("io.wharf.client holds what every part shares (messages, settings, errors); the facade "
                + "WharfClient sits on top of producers, consumers and trace")
            .check(CLIENT);
    }

    @Test
    void theSharedTypesReachIntoNoPart() {
        noClasses().that().resideInAPackage("io.wharf.client")
            .should().dependOnClassesThat().resideInAnyPackage("io.wharf.client.consumer..",
                "io.wharf.client.producer..", "io.wharf.client.remoting..", "io.wharf.client.trace..",
                "io.wharf.client.facade..")
            .check(CLIENT);
    }

    @Test
    void clientDoesNotDependOnTheStoreOrTheServer() {
        noClasses().that().resideInAPackage("io.wharf.client..")
            .should().dependOnClassesThat().resideInAnyPackage("io.wharf.store..", "io.wharf.server..")
            .because("applications embed the client; it speaks only the protocol")
            .check(CLIENT);
    }

    @Test
    void remotingKnowsNothingOfProducersOrConsumers() {
        noClasses().that().resideInAPackage("io.wharf.client.remoting..")
            .should().dependOnClassesThat().resideInAnyPackage("io.wharf.client.producer..",
                "io.wharf.client.consumer..")
            .check(CLIENT);
    }

    @Test
    void producersAndConsumersKnowNothingOfTrace() {
        noClasses().that().resideInAnyPackage("io.wharf.client.producer..", "io.wharf.client.consumer..")
            .should().dependOnClassesThat().resideInAPackage("io.wharf.client.trace..")
            .because("trace is a hook attached by WharfClient, not wired into the producer or consumer")
            .check(CLIENT);
    }

    @Test
    void whatListenersAndTransactionCheckersSeeIsTheClientsOwnTypesNotTheWireFormat() {
        noClasses().that().haveSimpleNameContaining("Listener").or().haveSimpleName("ConsumeContext")
            .should().dependOnClassesThat().haveFullyQualifiedName("io.wharf.protocol.ReceivedMessage")
            .allowEmptyShould(false)
            .because("applications depend on the client's API, which must not change when the wire format does")
            .check(CLIENT);
    }
}
