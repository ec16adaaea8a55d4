package com.smartsupport.platform.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each structure rule fails on a fixture that breaks it (archfixture/): none of them is a check that cannot fail. */
class ArchitectureRulesTest {

    private static final String FIXTURE = "com.smartsupport.platform.testsupport.archfixture";
    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
    private final List<ArchRule> rules = ArchitectureRules.rules(FIXTURE);

    @Test
    void findsTheCycleBetweenFeaturePackages() {
        assertThatThrownBy(() -> rule("no cycles").check(fixture))
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("billing")
                .hasMessageContaining("orders");
    }

    @Test
    void findsARepositoryUsedByAnotherFeature() {
        assertThatThrownBy(() -> rule("own feature package").check(fixture))
                .hasMessageContaining("Invoice.orders")
                .hasMessageContaining("OrderRepository");
    }

    @Test
    void findsACallToAController() {
        assertThatThrownBy(() -> rule("controller").check(fixture))
                .hasMessageContaining("Order.controller")
                .hasMessageContaining("InvoiceController");
    }

    @Test
    void findsAModuleThatUsesAnotherOne() {
        assertThatThrownBy(() -> rule("depends on no other service").check(fixture))
                .hasMessageContaining("Order.stranger")
                .hasMessageContaining("com.smartsupport.fixtureservice.Stranger");
    }

    private ArchRule rule(String description) {
        return rules.stream()
                .filter(r -> r.getDescription().contains(description))
                .findFirst()
                .orElseThrow();
    }
}
