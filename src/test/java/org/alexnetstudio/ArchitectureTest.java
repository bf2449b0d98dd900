package org.alexnetstudio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rules of DEVELOPERS.md. */
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
}
