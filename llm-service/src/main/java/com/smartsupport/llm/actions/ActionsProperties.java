package com.smartsupport.llm.actions;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The assistant's tools ({@code smart.llm.actions.*}).
 *
 * @param enabled              whether the model is offered tools and the grounded answer proposes actions
 * @param maxToolRounds        rounds of tool calls per reply; after them the model must answer in words
 * @param toolTime             time for tool rounds per reply: once it has passed, no further round is offered
 * @param toolTimeout          one tool call (a read from profile-service) at most; then it answers that it failed
 * @param maxProposalsPerReply actions one reply may propose
 * @param maxPerConversation   actions one conversation may have (conversation-service keeps no more either)
 */
@ConfigurationProperties("smart.llm.actions")
public record ActionsProperties(
        Boolean enabled,
        Integer maxToolRounds,
        Duration toolTime,
        Duration toolTimeout,
        Integer maxProposalsPerReply,
        Integer maxPerConversation) {
    public ActionsProperties {
        enabled = enabled == null || enabled;
        maxToolRounds = maxToolRounds == null ? 3 : maxToolRounds;
        toolTime = toolTime == null ? Duration.ofSeconds(20) : toolTime;
        toolTimeout = toolTimeout == null ? Duration.ofSeconds(4) : toolTimeout;
        maxProposalsPerReply = maxProposalsPerReply == null ? 2 : maxProposalsPerReply;
        maxPerConversation = maxPerConversation == null ? 5 : maxPerConversation;
    }
}
