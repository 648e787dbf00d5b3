package io.wharf.layering;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The rule every module's layering test checks: no cycle between its packages, counting each package (the root
 * package of a module too) as one slice. A module's shared types then live in a leaf package and its facade on top.
 */
public final class PackageCycles {
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "each package";
        }
    };

    private PackageCycles() {
    }

    /** No package of the classes checked depends, directly or through others, on itself. */
    public static ArchRule none() {
        return slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles();
    }
}
