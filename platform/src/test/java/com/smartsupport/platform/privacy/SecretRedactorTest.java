package com.smartsupport.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactorTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4111 1111 1111 1111",
                "4111-1111-1111-1111",
                "4111111111111111",
                "5500 0000 0000 0004",
                "3782 822463 10005",
                "378282246310005",
                "6011000990139424",
                "4222222222222"
            })
    void luhnValidCardsInAnyCommonFormatKeepOnlyTheirLastFour(String card) {
        String digits = card.replaceAll("[ -]", "");
        String masked = SecretRedactor.redact("please charge " + card + " today");
        assertThat(masked)
                .isEqualTo("please charge **** **** **** " + digits.substring(digits.length() - 4) + " today")
                .doesNotContain(card)
                .doesNotContain(digits);
    }

    @Test
    void aCardFollowedByMoreDigitsIsStillFound() {
        assertThat(SecretRedactor.redact("card 4111111111111111 123")).isEqualTo("card **** **** **** 1111 123");
        assertThat(SecretRedactor.redact("4111 1111 1111 1111 09 29")).isEqualTo("**** **** **** 1111 09 29");
        assertThat(SecretRedactor.redact("ref 12 4111-1111-1111-1111")).isEqualTo("ref 12 **** **** **** 1111");
        assertThat(SecretRedactor.redact("\"version\":\"5105105105105100\""))
                .isEqualTo("\"version\":\"**** **** **** 5100\"");
    }

    @Test
    void numbersThatAreNotCardsStay() {
        // Luhn fails, too short, too long, or glued to letters (hex trace ids, UUIDs, order numbers)
        for (String text : new String[] {
            "4111 1111 1111 1112",
            "order ORD-80455 shipped",
            "call 415 555 0100",
            "trace 4bf92f3577b34da6a3ce929d0e0e4736",
            "id 550e8400-e29b-41d4-a716-446655440000",
            "x4111111111111111",
            "4111111111111111abc",
            "12345678901234567890123",
            "at 2026-01-15T10:00:00Z",
            "offset 12@1718000000000",
            // a UUID whose first groups happen to be digits only: 4111111111111111 would pass Luhn
            "event 41111111-1111-1111-abcd-0123456789ab"
        }) {
            assertThat(SecretRedactor.redact(text)).as(text).isEqualTo(text);
        }
    }

    @Test
    void tokensAndKeys() {
        String jwt =
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        assertThat(SecretRedactor.redact("token " + jwt + " here")).isEqualTo("token [redacted token] here");
        assertThat(SecretRedactor.redact("Authorization: Bearer " + jwt))
                .isEqualTo("Authorization: Bearer [redacted token]");
        assertThat(SecretRedactor.redact("Authorization: Bearer abcDEF123456ghi.jk-l_m~n+o/p=="))
                .isEqualTo("Authorization: Bearer [redacted]");
        assertThat(SecretRedactor.redact("header bearer   q9w8e7r6t5y4")).isEqualTo("header Bearer [redacted]");
        assertThat(SecretRedactor.redact("Authorization: Basic dXNlcjpwYXNzd29yZA=="))
                .isEqualTo("Authorization: Basic [redacted]");
        assertThat(SecretRedactor.redact("{\"authorization\":\"Token 0123456789abcdef\"}"))
                .isEqualTo("{\"authorization\":\"Token [redacted]\"}");
        assertThat(SecretRedactor.redact("keys sk-abcdefghijklmnopqrstuvwx, sk-proj-AbC_123-xyz_4567890abcdef and "
                        + "sk_live_51H8abcdefghijklmnop"))
                .isEqualTo("keys [redacted key], [redacted key] and [redacted key]");
        assertThat(SecretRedactor.redact("ghp_abcdefghijklmnopqrstuvwxyz0123456789 AKIAIOSFODNN7EXAMPLE"))
                .isEqualTo("[redacted key] [redacted key]");
        // an English "bearer" or a short word is not a token
        assertThat(SecretRedactor.redact("the bearer of this card")).isEqualTo("the bearer of this card");
        assertThat(SecretRedactor.redact("risk-assessment-framework-v2 task_execution"))
                .isEqualTo("risk-assessment-framework-v2 task_execution");
    }

    @Test
    void secretFieldsInJsonFormsAndHeaders() {
        assertThat(SecretRedactor.redact("{\"email\":\"a@b.c\",\"password\":\"hunter2 x\"}"))
                .isEqualTo("{\"email\":\"a@b.c\",\"password\":\"[redacted]\"}");
        assertThat(SecretRedactor.redact("grant_type=client_credentials&client_secret=abc123&scope=x"))
                .isEqualTo("grant_type=client_credentials&client_secret=[redacted]&scope=x");
        assertThat(SecretRedactor.redact("GET /cb?access_token=xyz987&state=1"))
                .isEqualTo("GET /cb?access_token=[redacted]&state=1");
        assertThat(SecretRedactor.redact("x-api-key: 0a1b2c3d")).isEqualTo("x-api-key: [redacted]");
        assertThat(SecretRedactor.redact("{'refreshToken': 'r1'}")).isEqualTo("{'refreshToken': '[redacted]'}");
        // Kafka's configuration dump: nothing set, or already hidden
        assertThat(SecretRedactor.redact("ssl.key.password = null, sasl.password = [hidden]"))
                .isEqualTo("ssl.key.password = null, sasl.password = [hidden]");
    }

    @Test
    void passwordsStatedInProseInSeveralLanguages() {
        assertThat(SecretRedactor.redact("my password is Hunter2!")).isEqualTo("my password is [redacted]!");
        assertThat(SecretRedactor.redact("my password is Hun.ter2, ok")).isEqualTo("my password is [redacted], ok");
        assertThat(SecretRedactor.redact("My Password: s3cret, thanks")).isEqualTo("My Password: [redacted], thanks");
        assertThat(SecretRedactor.redact("the password is now abc123.")).isEqualTo("the password is now [redacted].");
        assertThat(SecretRedactor.redact("password=abc")).isEqualTo("password=[redacted]");
        assertThat(SecretRedactor.redact("mi contraseña es Gato123")).isEqualTo("mi contraseña es [redacted]");
        assertThat(SecretRedactor.redact("mon mot de passe est Chat456")).isEqualTo("mon mot de passe est [redacted]");
        assertThat(SecretRedactor.redact("mein Passwort ist Hund789")).isEqualTo("mein Passwort ist [redacted]");
        assertThat(SecretRedactor.redact("a minha senha é Peixe0")).isEqualTo("a minha senha é [redacted]");
        // names that merely contain the word are left alone
        assertThat(SecretRedactor.redact("com.smartsupport.profile.identity.PasswordHasher started"))
                .isEqualTo("com.smartsupport.profile.identity.PasswordHasher started");
        assertThat(SecretRedactor.redact("password_hash, passwords")).isEqualTo("password_hash, passwords");
    }

    @Test
    void everythingInOneTextAndMaskingTwiceChangesNothing() {
        String text = "card 4111 1111 1111 1111, my password is pw1, Bearer abcdefgh12345678, "
                + "sk-abcdefghijklmnopqrstuvwx, {\"password\":\"p\"}, eyJa.eyJb.c";
        String once = SecretRedactor.redact(text);
        assertThat(once)
                .doesNotContain(
                        "4111 1111 1111 1111", "pw1", "abcdefgh12345678", "sk-abcdefghij", "\"p\"", "eyJa.eyJb.c");
        assertThat(SecretRedactor.redact(once)).isEqualTo(once);
        assertThat(SecretRedactor.containsSecret(text)).isTrue();
        assertThat(SecretRedactor.containsSecret(once)).isFalse();
    }

    @Test
    void nothingToMaskComesBackAsTheSameString() {
        String text = "conversation c_123 queued for a human (customer_request)";
        assertThat(SecretRedactor.redact(text)).isSameAs(text);
        assertThat(SecretRedactor.redact(null)).isNull();
        assertThat(SecretRedactor.redact("")).isEmpty();
    }

    @Test
    void luhn() {
        assertThat(SecretRedactor.luhn("79927398713")).isTrue();
        assertThat(SecretRedactor.luhn("79927398710")).isFalse();
        assertThat(SecretRedactor.luhn("4111a")).isFalse();
    }
}
