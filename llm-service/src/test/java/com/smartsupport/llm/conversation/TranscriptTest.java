package com.smartsupport.llm.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.llm.conversation.Transcript.Role;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A transcript as conversation-service serves it: the roles by their wire names, unknown ones not a failure. */
class TranscriptTest {
    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theRolesAreReadByTheirLowerCaseWireNames() {
        Transcript t = json.readValue("""
                {"conversationId":"conv_1","customerId":"cus_1","status":"OPEN","messages":[
                 {"messageId":"m1","role":"customer","text":"Hi","time":"2026-12-05T07:00:00Z"},
                 {"messageId":"r1","role":"assistant","text":"Hello","source":"fallback"},
                 {"messageId":"a1","role":"agent","text":"I'm Jordan"},
                 {"messageId":"s1","role":"system","text":"Jordan Lee joined the conversation"}]}""", Transcript.class);
        assertThat(t.messages())
                .extracting(Transcript.Turn::role)
                .containsExactly(Role.CUSTOMER, Role.ASSISTANT, Role.AGENT, Role.SYSTEM);
        assertThat(t.messages().get(1).source()).isEqualTo("fallback");
    }

    @Test
    void anUnknownOrMissingRoleIsNoKnownRoleNotAFailure() {
        Transcript t = json.readValue("""
                {"conversationId":"conv_1","messages":[
                 {"messageId":"m1","role":"CUSTOMER","text":"upper case is not the wire name"},
                 {"messageId":"m2","role":"bot","text":"unknown"},
                 {"messageId":"m3","role":null,"text":"null"},
                 {"messageId":"m4","text":"none"}]}""", Transcript.class);
        assertThat(t.messages()).hasSize(4).extracting(Transcript.Turn::role).containsOnlyNulls();
    }

    @Test
    void aRoleIsWrittenByItsWireName() {
        for (Role role : Role.values()) {
            assertThat(json.writeValueAsString(role))
                    .isEqualTo("\"" + role.name().toLowerCase() + "\"");
            assertThat(Role.of(role.wire())).isSameAs(role);
        }
    }
}
