package com.smartsupport.profile;

import com.smartsupport.platform.testsupport.ApiDescriptionSnapshot;
import org.junit.jupiter.api.Test;

/** The API description is the committed one the web client's types are generated from (same context as the rest). */
class OpenApiDescriptionTest extends ProfileServiceTestBase {
    @Test
    void matchesTheCommittedSnapshot() {
        ApiDescriptionSnapshot.verify(web, "profile-service");
    }
}
