package io.wharf.micronaut;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Only the binding package knows the Wharf client: the API, listeners, config and tracing are binding-neutral. */
class BindingSeamTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.wharf.micronaut");

    @Test
    void nothingOutsideTheBindingPackageUsesTheWharfClientOrProtocol() {
        noClasses().that().resideInAPackage("io.wharf.micronaut..")
            .and().resideOutsideOfPackage("io.wharf.micronaut.binding..")
            .should().dependOnClassesThat().resideInAnyPackage("io.wharf.client..", "io.wharf.protocol..")
            .because("a second binding (another broker's client) must be able to serve the same API")
            .check(CLASSES);
    }
}
