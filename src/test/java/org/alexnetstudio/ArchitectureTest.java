package org.alexnetstudio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** The dependency rules of docs/architecture.md. */
@AnalyzeClasses(packages = "org.alexnetstudio", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modelAndDataAreJdkOnly = noClasses()
            .that().resideInAnyPackage("org.alexnetstudio.model..", "org.alexnetstudio.data..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "javafx..", "org.nd4j..", "org.deeplearning4j..", "org.bytedeco..", "org.controlsfx..",
                    "picocli..", "atlantafx..");

    @ArchTest
    static final ArchRule modelAndDataDependOnNothingAbove = noClasses()
            .that().resideInAnyPackage("org.alexnetstudio.model..", "org.alexnetstudio.data..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.alexnetstudio.train..", "org.alexnetstudio.viz..",
                    "org.alexnetstudio.ui..", "org.alexnetstudio.cli..");

    @ArchTest
    static final ArchRule modelDoesNotUseData = noClasses()
            .that().resideInAPackage("org.alexnetstudio.model..")
            .should().dependOnClassesThat().resideInAPackage("org.alexnetstudio.data..");

    @ArchTest
    static final ArchRule engineNeverImportsJavaFx = noClasses()
            .that().resideInAnyPackage("org.alexnetstudio.train..", "org.alexnetstudio.viz..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..",
                    "org.alexnetstudio.ui..", "org.alexnetstudio.cli..");

    @ArchTest
    static final ArchRule nothingDependsOnUiOrCli = noClasses()
            .that().resideOutsideOfPackages("org.alexnetstudio.ui..", "org.alexnetstudio.cli..")
            .and().doNotHaveFullyQualifiedName("org.alexnetstudio.Launcher")
            .should().dependOnClassesThat().resideInAnyPackage("org.alexnetstudio.ui..", "org.alexnetstudio.cli..");

    @ArchTest
    static final ArchRule uiAndCliDoNotDependOnEachOther = noClasses()
            .that().resideInAPackage("org.alexnetstudio.ui..")
            .should().dependOnClassesThat().resideInAPackage("org.alexnetstudio.cli..");

    @ArchTest
    static final ArchRule uiPackagesHaveNoCycles = slices().matching("org.alexnetstudio.ui.(**)")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule trainPackagesHaveNoCycles = slices().matching("org.alexnetstudio.train.(**)")
            .should().beFreeOfCycles();

    /** The engine-neutral package names no backend: backends depend on it, never the reverse. */
    @ArchTest
    static final ArchRule neutralTrainDoesNotUseItsBackends = noClasses()
            .that().resideInAPackage("org.alexnetstudio.train")
            .should().dependOnClassesThat().resideInAPackage("org.alexnetstudio.train.cpu..");

    /** Nor its GPU backend (the same rule, spelled out for the package that arrived later). */
    @ArchTest
    static final ArchRule neutralTrainDoesNotUseTheGpuBackend = noClasses()
            .that().resideInAPackage("org.alexnetstudio.train")
            .should().dependOnClassesThat().resideInAPackage("org.alexnetstudio.train.gpu..");

    /**
     * The GPU path runs without ND4J (the GPU test machine carries no ND4J natives): the GPU backend uses
     * neither ND4J nor the CPU backend, and of the engine-neutral package only EngineBootstrap (the CPU's
     * start-up) touches ND4J.
     */
    @ArchTest
    static final ArchRule gpuBackendNeverUsesNd4j = noClasses()
            .that().resideInAPackage("org.alexnetstudio.train.gpu..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.alexnetstudio.train.cpu..");

    @ArchTest
    static final ArchRule onlyTheCpuStartUpOfNeutralTrainUsesNd4j = noClasses()
            .that().resideInAPackage("org.alexnetstudio.train")
            .and().doNotHaveFullyQualifiedName("org.alexnetstudio.train.EngineBootstrap")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..");

    /** Each top-level class of train/ (with its nested classes) is one slice: no two of them use each other. */
    @ArchTest
    static final ArchRule trainClassesHaveNoCycles = slices().assignedFrom(new TopLevelClassesOf("org.alexnetstudio.train"))
            .should().beFreeOfCycles();

    /** Gives each top-level class under a package its own slice; nested classes join their top-level class. */
    static final class TopLevelClassesOf implements SliceAssignment {
        private final String root;

        TopLevelClassesOf(String root) {
            this.root = root;
        }

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            JavaClass top = c;
            while (top.getEnclosingClass().isPresent()) {
                top = top.getEnclosingClass().get();
            }
            String name = top.getName();
            return name.startsWith(root + ".") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "top-level classes of " + root;
        }
    }
}
