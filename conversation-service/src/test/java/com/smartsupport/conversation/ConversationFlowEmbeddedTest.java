package com.smartsupport.conversation;

import com.smartsupport.platform.testsupport.UsesEmbeddedInfra;

/** The contract against the embedded Kafka broker and MongoDB-wire server (runs everywhere). */
class ConversationFlowEmbeddedTest extends ConversationFlowContract implements UsesEmbeddedInfra {}
