package com.smartsupport.conversation.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.smartsupport.platform.events.AssistantCompleted;
import com.smartsupport.platform.events.AssistantCompleted.Citation;
import com.smartsupport.platform.events.ReplySource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CitationsTest {
    @Test
    void keepsAtMostEightAndCutsLongTitlesAndPassages() {
        List<Citation> many = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            many.add(new Citation(n, "kb_" + n, "t".repeat(301), "p".repeat(1_501)));
        }
        List<Citation> bounded = Citations.bounded(many);
        assertThat(bounded).hasSize(8).extracting(Citation::n).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(bounded.get(0).title()).hasSize(300).endsWith("t…");
        assertThat(bounded.get(0).passage()).hasSize(1_500).endsWith("p…");
        assertThat(bounded.get(0).articleId()).isEqualTo("kb_1");
    }

    @Test
    void leavesWhatIsWithinTheBoundsAloneAndCopesWithMissingParts() {
        var fine = new AssistantCompleted(
                "rep_1",
                "msg_1",
                "x",
                ReplySource.LLM,
                AssistantCompleted.TokenUsage.NONE,
                List.of(new Citation(1, "kb_1", "t".repeat(300), "p".repeat(1_500))));
        assertThat(Citations.bounded(fine)).isSameAs(fine);
        assertThat(Citations.bounded(Arrays.asList(null, new Citation(2, "kb_2", null, null))))
                .containsExactly(new Citation(2, "kb_2", null, null));
        assertThat(Citations.bounded((List<Citation>) null)).isEmpty();
        assertThat(Citations.toStored(List.of(new Citation(3, "kb_3", "T", "P"))))
                .containsExactly(new Message.Citation(3, "kb_3", "T", "P"));
    }

    @Test
    void neverCutsASurrogatePairInHalf() {
        String text = "a".repeat(298) + "😀" + "bb"; // the emoji's two chars sit at 298 and 299
        String cut = Citations.cut(text, 300);
        assertThat(cut).isEqualTo("a".repeat(298) + "…");
        assertThat(Citations.cut("short", 300)).isEqualTo("short");
    }
}
