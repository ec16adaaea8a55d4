package com.smartsupport.llm.actions;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * The functions the assistant can call, each with the JSON schema of its arguments. Reads answer from the
 * conversation's own customer's data; writes only <em>propose</em>: the customer sees a card and confirms or
 * declines it, and only then does conversation-service carry it out with the customer's own token. Every
 * argument is checked against the customer's own data first (another customer's order is "not found").
 */
enum AccountTool {
    ORDER_STATUS(
            "order_status",
            "Status, shipping and tracking of one of this customer's orders.",
            Schemas.ORDER_ONLY,
            false),
    WARRANTY_STATUS(
            "warranty_status",
            "Whether one of this customer's orders is still under warranty, and until when.",
            Schemas.ORDER_ONLY,
            false),
    RETURN_ELIGIBILITY(
            "return_eligibility",
            "Whether one of this customer's orders can be returned under the shop's return policy, until when, the"
                    + " refund and any return shipping fee.",
            Schemas.ORDER_ONLY,
            false),
    SUBSCRIPTION_DETAILS(
            "subscription_details",
            "This customer's subscription plan, its status and renewal date.",
            Schemas.NONE,
            false),
    START_RETURN(
            "start_return",
            "Propose to start a return of one of this customer's orders. The customer sees a confirmation card and"
                    + " must confirm it; nothing happens until they do.",
            """
            {"type":"object","properties":{\
            "orderId":{"type":"string","description":"The order id from the customer's profile, like ORD-80455"},\
            "reason":{"type":"string","enum":["changed_mind","faulty","damaged","wrong_item","other"],\
            "description":"Why the customer returns it"}},\
            "required":["orderId","reason"],"additionalProperties":false}""",
            true),
    PAUSE_SUBSCRIPTION(
            "pause_subscription",
            "Propose to pause this customer's subscription for 1 to 3 months. The customer must confirm it.",
            """
            {"type":"object","properties":{\
            "months":{"type":"integer","minimum":1,"maximum":3,"description":"How many months to pause"}},\
            "required":["months"],"additionalProperties":false}""",
            true),
    CANCEL_SUBSCRIPTION(
            "cancel_subscription",
            "Propose to cancel this customer's subscription. The customer must confirm it.",
            Schemas.NONE,
            true),
    CHANGE_CONTACT_PREFERENCE(
            "change_contact_preference",
            "Propose to change how the shop contacts this customer. The customer must confirm it.",
            """
            {"type":"object","properties":{\
            "channel":{"type":"string","enum":["email","chat","phone","sms"]}},\
            "required":["channel"],"additionalProperties":false}""",
            true),
    ASK_FOR_HUMAN(
            "ask_for_human",
            "Hand the conversation to a human agent, when the customer asks for a person or you cannot help.",
            """
            {"type":"object","properties":{\
            "why":{"type":"string","enum":["customer_asked","cannot_help","tool_failure"]},\
            "reason":{"type":"string","maxLength":200,"description":"Why, in a few words"}},\
            "required":["why"],"additionalProperties":false}""",
            false);

    final String toolName;
    final boolean write;
    private final ToolDefinition definition;

    AccountTool(String toolName, String description, String schema, boolean write) {
        this.toolName = toolName;
        this.write = write;
        this.definition = DefaultToolDefinition.builder()
                .name(toolName)
                .description(description)
                .inputSchema(schema)
                .build();
    }

    ToolDefinition definition() {
        return definition;
    }

    static List<ToolDefinition> definitions() {
        return Arrays.stream(values()).map(AccountTool::definition).toList();
    }

    /** Argument schemas several tools share (a holder: enum constants cannot use the enum's own constants). */
    private static final class Schemas {
        static final String ORDER_ONLY = """
                {"type":"object","properties":{\
                "orderId":{"type":"string","description":"The order id from the customer's profile, like ORD-80455"}},\
                "required":["orderId"],"additionalProperties":false}""";
        static final String NONE = """
                {"type":"object","properties":{},"additionalProperties":false}""";
    }

    static Optional<AccountTool> named(String name) {
        for (AccountTool tool : values()) {
            if (tool.toolName.equals(name)) {
                return Optional.of(tool);
            }
        }
        return Optional.empty();
    }
}
