package org.saescope.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import arrows of DESIGN.md, enforced. A failure here means a class reached up or sideways
 * across layers: move the code to the layer that may see both sides instead of relaxing the rule.
 */
class LayerRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.saescope");
    }

    @Test
    void layersOnlyImportDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("launcher").definedBy("org.saescope")
                .layer("app").definedBy("org.saescope.app..")
                .layer("cli").definedBy("org.saescope.cli..")
                .layer("features").definedBy("org.saescope.features..")
                .layer("lab").definedBy("org.saescope.lab..")
                .layer("train").definedBy("org.saescope.train..")
                .layer("eval").definedBy("org.saescope.eval..")
                .layer("lm").definedBy("org.saescope.lm..")
                .layer("sae").definedBy("org.saescope.sae..")
                .layer("tensor").definedBy("org.saescope.tensor..")
                .whereLayer("launcher").mayNotBeAccessedByAnyLayer()
                .whereLayer("app").mayOnlyBeAccessedByLayers("launcher", "cli")
                .whereLayer("cli").mayOnlyBeAccessedByLayers("launcher", "app")
                .whereLayer("features").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("lab").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("train").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("eval").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("lm").mayOnlyBeAccessedByLayers("features", "lab", "train", "eval", "app", "cli")
                .whereLayer("sae").mayOnlyBeAccessedByLayers("features", "lab", "train", "eval", "app", "cli")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void nothingBelowAppImportsJavaFx() {
        noClasses().that().resideOutsideOfPackages("org.saescope.app..", "org.saescope")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void tensorImportsNoOtherLayer() {
        noClasses().that().resideInAPackage("org.saescope.tensor..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.saescope.sae..", "org.saescope.lm..", "org.saescope.features..",
                        "org.saescope.lab..", "org.saescope.train..", "org.saescope.eval..",
                        "org.saescope.app..", "org.saescope.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void saeAndLmDoNotSeeEachOther() {
        noClasses().that().resideInAPackage("org.saescope.sae..")
                .should().dependOnClassesThat().resideInAPackage("org.saescope.lm..")
                .allowEmptyShould(true)
                .check(classes);
        noClasses().that().resideInAPackage("org.saescope.lm..")
                .should().dependOnClassesThat().resideInAPackage("org.saescope.sae..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
