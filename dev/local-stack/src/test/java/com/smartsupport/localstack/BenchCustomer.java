package com.smartsupport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One customer with one open conversation and its live stream. */
final class BenchCustomer implements AutoCloseable {
    record Reply(long firstTokenNanos, long completedNanos) {}

    final String token;
    final LocalRun stack;
    final StackProbe probe;
    final String conversation;
    final SseStream stream;
    final BlockingQueue<SseStream.Event> events = new LinkedBlockingQueue<>();

    private BenchCustomer(LocalRun stack, StackProbe probe, String token, String conversation) throws Exception {
        this.stack = stack;
        this.probe = probe;
        this.token = token;
        this.conversation = conversation;
        this.stream = new SseStream(
                stack.http,
                token,
                stack.gateway + "/api/conversations/" + conversation + "/events",
                events::add,
                false);
    }

    static BenchCustomer open(LocalRun stack, StackProbe probe, String token) throws Exception {
        HttpResponse<String> r = stack.send(token, "POST", "/api/conversations", "", Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new BenchCustomer(
                stack,
                probe,
                token,
                LocalRun.JSON.readTree(r.body()).get("conversationId").asString());
    }

    /** Posts a message and waits for its reply on the stream; null if none came within 60 s. */
    Reply ask(String text) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = stack.send(
                token,
                "POST",
                "/api/conversations/" + conversation + "/messages",
                "{\"text\":\"" + text + "\"}",
                Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String messageId = LocalRun.JSON.readTree(r.body()).get("messageId").asString();
        long first = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            SseStream.Event e = events.poll(1, TimeUnit.SECONDS);
            if (e == null || !e.data().contains(messageId)) {
                continue;
            }
            if (e.name().equals("assistant.delta") && first < 0) {
                first = e.nanos() - t0;
            } else if (e.name().equals("assistant.completed")) {
                return new Reply(first < 0 ? e.nanos() - t0 : first, e.nanos() - t0);
            }
        }
        return null;
    }

    /** The prompt size llm-service counted for one message (the delta of its prompt-token summary). */
    long promptTokensOf(String text) throws Exception {
        double before = probe.metric("llm-service", "smart_llm_prompt_tokens_sum");
        assertThat(ask(text)).as("a reply").isNotNull();
        return Math.round(probe.metric("llm-service", "smart_llm_prompt_tokens_sum") - before);
    }

    @Override
    public void close() {
        stream.close();
    }
}
