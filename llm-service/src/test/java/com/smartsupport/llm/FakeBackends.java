package com.smartsupport.llm;

import static com.smartsupport.platform.testsupport.FakeService.json;
import static com.smartsupport.platform.testsupport.FakeService.status;

import com.smartsupport.platform.testsupport.FakeService;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * profile-service and conversation-service as llm-service sees them over HTTP: the client-credentials exchange,
 * two customer profiles, and transcripts set per conversation by the test (empty by default).
 */
public final class FakeBackends {
    public static final String CARLOS = "cus_carlos";
    public static final String AMIRA = "cus_amira";
    /** A customer whose active plan was paused two months ago (once in 12 months: not again yet). */
    public static final String PAUSED_RECENTLY = "cus_paused_recently";

    public final Map<String, String> transcripts = new ConcurrentHashMap<>();
    public final AtomicInteger profileReads = new AtomicInteger();
    /**
     * profile-service's return-eligibility answers by "customerId/orderId": a JSON body, or a status code such as
     * "500"; an order not here is a 404.
     */
    public final Map<String, String> eligibility = new ConcurrentHashMap<>();
    /** Transcript reads per conversation id. */
    public final Map<String, AtomicInteger> transcriptReads = new ConcurrentHashMap<>();

    private final FakeService server = FakeService.answering(this::answer);

    public String url() {
        return server.url();
    }

    public void close() throws IOException {
        server.close();
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getPath();
        if ("/api/auth/token".equals(path)) {
            return request.getBody().readUtf8().contains("\"clientSecret\":\"test-secret\"")
                    ? json("{\"accessToken\":\"svc-token\",\"tokenType\":\"Bearer\",\"expiresIn\":3600,"
                            + "\"role\":\"SERVICE\",\"subject\":\"llm-service\"}")
                    : status(401);
        }
        String auth = request.getHeader("Authorization");
        if (path.startsWith("/api/conversations/") && auth != null && auth.startsWith("Bearer ey")) {
            // an agent's own token, forwarded: conversation-service would check the assignment
            String id = path.substring("/api/conversations/".length());
            return transcripts.containsKey(id) ? json(transcripts.get(id)) : status(404);
        }
        if (!"Bearer svc-token".equals(auth)) {
            return status(401);
        }
        if (path.startsWith("/api/conversations/")) {
            String id = path.substring("/api/conversations/".length());
            transcriptReads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            return json(transcripts.getOrDefault(
                    id, "{\"conversationId\":\"" + id + "\",\"status\":\"OPEN\",\"messages\":[]}"));
        }
        if (path.startsWith("/api/profiles/") && path.endsWith("/return-eligibility")) {
            String[] parts = path.split("/");
            String answer = eligibility.get(parts[3] + "/" + parts[5]);
            return answer == null
                    ? status(404)
                    : answer.matches("\\d{3}") ? status(Integer.parseInt(answer)) : json(answer);
        }
        if (path.startsWith("/api/profiles/")) {
            profileReads.incrementAndGet();
        }
        if (("/api/profiles/" + CARLOS).equals(path)) {
            return json("""
                            {"id":"cus_carlos","account":{"name":"Carlos Díaz","accountNumber":"ACC-100234",
                             "language":"en","tier":"gold"},
                             "purchases":[{"orderId":"ORD-80455","product":"SoundWave ANC Headphones",
                               "model":"SW-ANC-700","purchaseDate":"2026-11-19","orderStatus":"shipped",
                               "shippingStatus":"in transit","warrantyEnd":"2027-11-19"}],
                             "supportHistory":[]}""");
        }
        if (("/api/profiles/" + PAUSED_RECENTLY).equals(path)) {
            return json(
                    """
                            {"id":"cus_paused_recently","account":{"name":"Sam Lee","language":"en"},
                             "subscription":{"plan":"TechCare Plus","status":"active","renewsOn":"%s",
                               "lastPausedOn":"%s"}}""".formatted(LocalDate.now().plusMonths(3), LocalDate.now().minusMonths(2)));
        }
        if (("/api/profiles/" + AMIRA).equals(path)) {
            return json("""
                            {"id":"cus_amira","account":{"name":"Amira Haddad","language":"fr"},
                             "purchases":[{"orderId":"ORD-81230","product":"PixelView 27 Monitor",
                               "purchaseDate":"2026-10-30","warrantyEnd":"2028-10-30"}]}""");
        }
        return status(404);
    }
}
