package com.smartsupport.conversation.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.events.AssistantDelta;
import com.smartsupport.platform.web.LiveStreamProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveChannelTest {
    private final LiveChannel live =
            new LiveChannel(new LiveStreamProperties(Duration.ofSeconds(15)), new SimpleMeterRegistry());

    private List<AssistantDelta> shown(AssistantDelta... deltas) {
        List<AssistantDelta> out = new ArrayList<>();
        for (AssistantDelta d : deltas) {
            live.unseen(d).ifPresent(out::add);
        }
        return out;
    }

    private static AssistantDelta delta(int seq, Integer offset, String text) {
        return new AssistantDelta("rep_1", "msg_1", seq, offset, text);
    }

    @Test
    void aReplyAnsweredAgainAfterACrashAndCutElsewhereShowsEachCharacterOnceWithRisingSeqs() {
        String reply = "Thanks for asking. Your order is on its way and should arrive within two days.";
        // the first answer got as far as the whole text in three chunks; the second is cut in four other places
        List<AssistantDelta> shown = shown(
                delta(0, 0, reply.substring(0, 6)),
                delta(1, 6, reply.substring(6, 40)),
                delta(2, 40, reply.substring(40)),
                delta(0, 0, reply.substring(0, 10)),
                delta(1, 10, reply.substring(10, 60)),
                delta(2, 60, reply.substring(60, 76)),
                delta(3, 76, reply.substring(76)));
        assertThat(shown)
                .extracting(AssistantDelta::text)
                .containsExactly(reply.substring(0, 6), reply.substring(6, 40), reply.substring(40));

        // this time the first answer stopped mid-reply: only the rest is shown, after the seqs already used
        var other = new LiveChannel(new LiveStreamProperties(Duration.ofSeconds(15)), new SimpleMeterRegistry());
        List<AssistantDelta> resumed = new ArrayList<>();
        for (AssistantDelta d : List.of(
                delta(0, 0, reply.substring(0, 6)),
                delta(1, 6, reply.substring(6, 40)),
                delta(0, 0, reply.substring(0, 10)),
                delta(1, 10, reply.substring(10, 60)),
                delta(2, 60, reply.substring(60)))) {
            other.unseen(d).ifPresent(resumed::add);
        }
        assertThat(resumed.stream().map(AssistantDelta::text).reduce("", String::concat))
                .isEqualTo(reply);
        assertThat(resumed).extracting(AssistantDelta::seq).containsExactly(0, 1, 2, 3);
        assertThat(resumed.get(2).offset()).isEqualTo(40);
    }

    @Test
    void nothingIsShownOfAReplyAfterItsCompletion() {
        assertThat(shown(delta(0, 0, "Yes"))).hasSize(1);
        assertThat(live.firstDelivery("rep_1", LiveChannel.COMPLETED_SEQ)).isTrue();
        assertThat(live.firstDelivery("rep_1", LiveChannel.COMPLETED_SEQ))
                .as("a completion re-sent")
                .isFalse();
        assertThat(shown(delta(1, 3, ", until 2028.")))
                .as("a chunk re-sent after the completion")
                .isEmpty();
    }

    @Test
    void aVersionOneChunkWithoutAnOffsetIsShownOncePerSeq() {
        assertThat(shown(delta(0, null, "Yes, "), delta(0, null, "Yes, "), delta(1, null, "until 2028.")))
                .extracting(AssistantDelta::text)
                .containsExactly("Yes, ", "until 2028.");
    }
}
