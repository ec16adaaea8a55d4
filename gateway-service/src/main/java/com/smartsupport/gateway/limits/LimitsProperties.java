package com.smartsupport.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's limits per signed-in user ({@code smart.limits}).
 *
 * @param maxBody           the largest request body forwarded anywhere else ({@code SMART_MAX_BODY}, 64KB)
 * @param maxImportBody     the largest knowledge import, {@code POST /api/knowledge/import}: multipart Markdown
 *                          files ({@code SMART_MAX_IMPORT_BODY}, 2MB)
 * @param maxArticleBody    the largest knowledge article write, {@code POST|PUT /api/knowledge/articles[/{id}]}
 *                          (llm-service caps an article's body at 100,000 characters, up to 4 bytes each; 512KB)
 * @param messagesPerMinute chat messages per user and minute ({@code SMART_MESSAGES_PER_MINUTE}, 30)
 * @param messageBurst      chat messages a user may send at once ({@code SMART_MESSAGE_BURST}, 10)
 */
@ConfigurationProperties("smart.limits")
public record LimitsProperties(
        DataSize maxBody,
        DataSize maxImportBody,
        DataSize maxArticleBody,
        Integer messagesPerMinute,
        Integer messageBurst) {
    public LimitsProperties {
        maxBody = maxBody == null ? DataSize.ofKilobytes(64) : maxBody;
        maxImportBody = maxImportBody == null ? DataSize.ofMegabytes(2) : maxImportBody;
        maxArticleBody = maxArticleBody == null ? DataSize.ofKilobytes(512) : maxArticleBody;
        messagesPerMinute = messagesPerMinute == null ? 30 : messagesPerMinute;
        messageBurst = messageBurst == null ? 10 : messageBurst;
        if (maxBody.toBytes() < 0
                || maxImportBody.toBytes() < 0
                || maxArticleBody.toBytes() < 0
                || messagesPerMinute <= 0
                || messageBurst <= 0) {
            throw new IllegalArgumentException("smart.limits: sizes must not be negative, rates must be positive");
        }
    }
}
