package com.smartsupport.profile.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ResponseStatusException;

/** Site secrets at rest: sealed with the configured key, bound to their site, readable only with that key. */
class SiteSecretsTest {
    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    static SiteSecrets withKey(String key) {
        return new SiteSecrets(new SiteProperties(null, null, null, key));
    }

    @Test
    void aSealedSecretHoldsNothingReadableAndOpensOnlyForItsSiteWithItsKey() {
        SiteSecrets secrets = withKey(KEY);
        String secret = Sites.newSecret();
        String sealed = secrets.seal("site_a", secret);
        assertThat(sealed).startsWith("v1:").doesNotContain(secret);
        assertThat(secrets.seal("site_a", secret)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(secrets.open("site_a", sealed)).isEqualTo(secret);

        assertThatThrownBy(() -> secrets.open("site_b", sealed))
                .as("moved to another site")
                .isInstanceOf(ResponseStatusException.class)
                .hasMessageContaining("503");
        assertThatThrownBy(() -> withKey(OTHER_KEY).open("site_a", sealed))
                .as("another key")
                .isInstanceOf(ResponseStatusException.class)
                .hasMessageContaining("503");
        assertThatThrownBy(() -> withKey(null).open("site_a", sealed))
                .as("no key")
                .isInstanceOf(ResponseStatusException.class)
                .hasMessageContaining("503");
        String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "BB" : "AA");
        assertThatThrownBy(() -> secrets.open("site_a", tampered)).isInstanceOf(ResponseStatusException.class);
    }

    @Test
    void withoutAKeySecretsAreStoredAsTheyAreAndThoseStillOpenOnceAKeyIsSet() {
        String secret = Sites.newSecret();
        assertThat(withKey(null).seal("site_a", secret)).isEqualTo(secret);
        assertThat(withKey(null).open("site_a", secret)).isEqualTo(secret);
        assertThat(withKey(KEY).open("site_a", secret))
                .as("stored before the key was set")
                .isEqualTo(secret);
        assertThat(withKey(" ").seal("site_a", secret))
                .as("a blank key is no key")
                .isEqualTo(secret);
    }

    @Test
    void aKeyThatIsNot32BytesOfBase64StopsTheStart() {
        assertThatThrownBy(() -> withKey("not base64 !"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> withKey(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes");
        // URL-safe base64 is accepted too
        assertThat(SiteSecrets.decodeKey(Base64.getUrlEncoder().encodeToString(new byte[32])))
                .hasSize(32);
    }
}
