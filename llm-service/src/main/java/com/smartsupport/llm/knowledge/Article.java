package com.smartsupport.llm.knowledge;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A help article of the shop's knowledge base, stored in llm-service's own database (ADR 0009).
 *
 * @param id         stable id ({@code kb_…}), what citations point at
 * @param slug       unique, URL-safe name ({@code returns-and-refunds}); an import updates the article with its slug
 * @param title      shown as the source's name
 * @param body       Markdown; {@code ##} headings split it into passages
 * @param language   ISO 639-1 code, one of {@link Languages#SUPPORTED}
 * @param tags       free labels
 * @param products   product models it applies to (empty: all)
 * @param visibility {@link Visibility#PUBLIC} for customers, {@link Visibility#INTERNAL} for agents only
 * @param version    1 when created, +1 per change
 * @param updatedAt  time of the last change
 */
@Document("articles")
public record Article(
        @Id @Schema(requiredMode = REQUIRED) String id,
        @Schema(requiredMode = REQUIRED) String slug,
        @Schema(requiredMode = REQUIRED) String title,
        @Schema(requiredMode = REQUIRED) String body,

        @Schema(
                requiredMode = REQUIRED,
                allowableValues = {"en", "fr", "es", "de", "it", "pt", "nl"})
        String language,

        @Schema(requiredMode = REQUIRED) List<String> tags,
        @Schema(requiredMode = REQUIRED) List<String> products,
        @Schema(requiredMode = REQUIRED) Visibility visibility,
        @Schema(requiredMode = REQUIRED) long version,
        @Schema(requiredMode = REQUIRED) Instant updatedAt) {
    public Article {
        tags = tags == null ? List.of() : List.copyOf(tags);
        products = products == null ? List.of() : List.copyOf(products);
    }

    public boolean isPublic() {
        return visibility == Visibility.PUBLIC;
    }
}
