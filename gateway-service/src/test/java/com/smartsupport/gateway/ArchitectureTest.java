package com.smartsupport.gateway;

import com.smartsupport.platform.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The module's structure: see {@link ArchitectureRules}. */
class ArchitectureTest {

    @Test
    void keepsTheHouseStructure() {
        ArchitectureRules.verify("com.smartsupport.gateway");
    }
}
