package com.smartsupport.platform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiDescriptionSnapshotTest {
    @Test
    void theSnapshotHasSortedKeysAndNoServerAddress() {
        String served = "{\"paths\":{\"/b\":{},\"/a\":{}},\"servers\":[{\"url\":\"http://localhost:40123\"}],"
                + "\"openapi\":\"3.1.0\",\"components\":{\"schemas\":{\"X\":{\"required\":[\"z\",\"a\"]}}}}";

        String snapshot = ApiDescriptionSnapshot.normalised(served);

        assertThat(snapshot).doesNotContain("servers", "40123").endsWith("}\n");
        assertThat(snapshot.indexOf("components")).isLessThan(snapshot.indexOf("openapi"));
        assertThat(snapshot.indexOf("openapi")).isLessThan(snapshot.indexOf("paths"));
        assertThat(snapshot.indexOf("\"/a\"")).isLessThan(snapshot.indexOf("\"/b\""));
        // arrays keep their order: it is the service's
        assertThat(snapshot.indexOf("\"z\"")).isLessThan(snapshot.indexOf("\"a\""));
        assertThat(ApiDescriptionSnapshot.normalised(snapshot)).isEqualTo(snapshot);
    }
}
