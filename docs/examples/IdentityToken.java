import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Signs a SMART Support identity token (HS256) for one signed-in customer of your shop, as your backend would; only
 * the JDK. Run: {@code SITE_ID=site_… SITE_SECRET=… java IdentityToken.java <customer id> <e-mail> <name> [language]}
 * (docs/identity-verification.md). In a real backend, use your JWT library (nimbus-jose-jwt, jjwt, …): the claims
 * and the algorithm are what matter.
 */
public class IdentityToken {
    public static void main(String[] args) throws Exception {
        System.out.println(sign(System.getenv("SITE_ID"), System.getenv("SITE_SECRET"), args[0], args[1], args[2],
                args.length > 3 ? args[3] : "en"));
    }

    static String sign(String siteId, String secret, String customerId, String email, String name, String language)
            throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        String claims = "{\"sub\":" + quote(customerId) + ",\"email\":" + quote(email) + ",\"name\":" + quote(name)
                + ",\"language\":" + quote(language) + ",\"aud\":" + quote(siteId) + ",\"iat\":" + now
                + ",\"exp\":" + (now + 300) + ",\"jti\":" + quote(UUID.randomUUID().toString()) + "}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A JSON string (quotes, backslashes and control characters escaped). */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
