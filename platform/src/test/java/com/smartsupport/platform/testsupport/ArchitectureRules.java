package com.smartsupport.platform.testsupport;

import static com.tngtech.archunit.lang.SimpleConditionEvent.violated;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import java.util.List;

/**
 * The structure every module keeps, checked by each module's {@code ArchitectureTest} on its main classes:
 *
 * <ul>
 *   <li>a service depends on no other service: they share code only through {@code platform}, and {@code platform}
 *       depends on no service;
 *   <li>its feature packages ({@code com.smartsupport.<service>.<feature>}) have no cycles between them;
 *   <li>a feature's storage is its own: a Spring Data repository is used only in the package that declares it (other
 *       features go through that feature's service);
 *   <li>nothing calls a controller: a controller is an entry point, never a dependency.
 * </ul>
 */
public final class ArchitectureRules {

    private static final String ROOT = "com.smartsupport";
    private static final String PLATFORM = ROOT + ".platform";

    private ArchitectureRules() {}

    /** Checks every rule on the main classes of {@code basePackage} (e.g. {@code com.smartsupport.llm}). */
    public static void verify(String basePackage) {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
        for (ArchRule rule : rules(basePackage)) {
            rule.check(main);
        }
    }

    static List<ArchRule> rules(String basePackage) {
        return List.of(
                onlyOwnCodeAndPlatform(basePackage),
                slices().matching(basePackage + ".(*)..")
                        .should()
                        .beFreeOfCycles()
                        .as("the feature packages of " + basePackage + " have no cycles between them"),
                classes()
                        .that()
                        .areAssignableTo("org.springframework.data.repository.Repository")
                        .and()
                        .areInterfaces()
                        .should(beUsedOnlyInTheirOwnPackage())
                        .allowEmptyShould(true),
                noClasses()
                        .should()
                        .dependOnClassesThat()
                        .areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                        .as("no class depends on a controller"));
    }

    private static ArchRule onlyOwnCodeAndPlatform(String basePackage) {
        DescribedPredicate<JavaClass> otherModule = DescribedPredicate.describe(
                "classes of another module than " + basePackage + " and platform",
                c -> within(c, ROOT) && !within(c, basePackage) && !within(c, PLATFORM));
        return noClasses()
                .that()
                .resideInAPackage(basePackage + "..")
                .should()
                .dependOnClassesThat(otherModule)
                .as(
                        basePackage.equals(PLATFORM)
                                ? "platform depends on no service"
                                : basePackage + " depends on no other service, only on platform");
    }

    private static boolean within(JavaClass c, String pkg) {
        return c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".");
    }

    private static ArchCondition<JavaClass> beUsedOnlyInTheirOwnPackage() {
        return new ArchCondition<>("be used only in their own feature package") {
            @Override
            public void check(JavaClass repository, ConditionEvents events) {
                for (Dependency use : repository.getDirectDependenciesToSelf()) {
                    JavaClass user = use.getOriginClass();
                    if (!user.getPackageName().equals(repository.getPackageName())) {
                        events.add(violated(use, use.getDescription()));
                    }
                }
            }
        };
    }
}
