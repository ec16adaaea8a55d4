package com.smartsupport.llm.knowledge;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.smartsupport.platform.security.Caller;
import com.smartsupport.platform.security.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The knowledge base's API. Admins and the {@code kb-sync} client (scope {@code knowledge:write}) write; agents,
 * admins and readers with {@code knowledge:read} list and search everything; a customer reads and searches public
 * articles only (so a cited source can be opened), and an internal article is a 404 to them, as if it did not exist.
 */
@RestController
@RequestMapping("/api/knowledge")
class KnowledgeController {
    static final String WRITE = "knowledge:write";
    static final String READ = "knowledge:read";
    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_SEARCH_RESULTS = 20;

    private final KnowledgeBase knowledge;
    private final KnowledgeSearch search;
    private final ArticleImport imports;

    KnowledgeController(KnowledgeBase knowledge, KnowledgeSearch search, ArticleImport imports) {
        this.knowledge = knowledge;
        this.search = search;
        this.imports = imports;
    }

    @PostMapping("/articles")
    Mono<ResponseEntity<Article>> create(@Valid @RequestBody ArticleInput input, @AuthenticationPrincipal Jwt jwt) {
        requireWriter(jwt);
        return knowledge
                .create(input)
                .map(a -> ResponseEntity.created(URI.create("/api/knowledge/articles/" + a.id()))
                        .body(a));
    }

    @PutMapping("/articles/{id}")
    Mono<Article> replace(
            @PathVariable String id, @Valid @RequestBody ArticleInput input, @AuthenticationPrincipal Jwt jwt) {
        requireWriter(jwt);
        return knowledge.replace(id, input);
    }

    @DeleteMapping("/articles/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        requireWriter(jwt);
        return knowledge.delete(id).thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/articles")
    Mono<KnowledgeBase.Page> list(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String language,
            @RequestParam(required = false) String visibility,
            @AuthenticationPrincipal Jwt jwt) {
        requireReader(jwt);
        if (page < 0 || page > 100_000 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "page must be 0 or more and size 1 to " + MAX_PAGE_SIZE);
        }
        if (q != null && (q.length() > 200 || hasControl(q))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "q is at most 200 characters of text");
        }
        String lang = language == null ? null : Languages.normalise(language);
        if (language != null && lang == null) {
            throw new InvalidArticleException("language must be one of " + Languages.SUPPORTED);
        }
        return knowledge.list(page, size, q, lang, visibility == null ? null : Visibility.parse(visibility));
    }

    @GetMapping("/articles/{id}")
    Mono<Article> get(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt);
        boolean customer = caller.is(Role.CUSTOMER);
        if (!customer) {
            requireReader(jwt);
        }
        return knowledge
                .get(id)
                .filter(a -> !customer || a.isPublic())
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such article")));
    }

    public record SearchResults(
            @Schema(requiredMode = REQUIRED) List<KnowledgeSearch.Result> results) {}

    /** Passages for a question: customers get public ones; agents and admins internal ones too. */
    @GetMapping("/search")
    Mono<SearchResults> search(
            @RequestParam String q,
            @RequestParam(defaultValue = "5") int limit,
            @RequestParam(required = false) String language,
            @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.of(jwt);
        boolean customer = caller.is(Role.CUSTOMER);
        if (!customer) {
            requireReader(jwt);
        }
        if (q.isBlank() || q.length() > 1000 || hasControl(q)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "q is 1 to 1000 characters of text");
        }
        if (limit < 1 || limit > MAX_SEARCH_RESULTS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit is 1 to " + MAX_SEARCH_RESULTS);
        }
        String lang = language == null ? null : Languages.normalise(language);
        if (language != null && lang == null) {
            throw new InvalidArticleException("language must be one of " + Languages.SUPPORTED);
        }
        KnowledgeQuery query = new KnowledgeQuery(q, !customer, lang, Set.of(), limit);
        return search.find(query).map(r -> new SearchResults(KnowledgeSearch.results(r)));
    }

    /**
     * Imports Markdown files (form field {@code files}, one article per file, front matter for the metadata):
     * each is created, or updated when its slug exists; the report says per file what happened, and a refused file
     * never stops the others.
     */
    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ArticleImport.Report> importFiles(
            @RequestPart(name = "files", required = false) Flux<FilePart> files, @AuthenticationPrincipal Jwt jwt) {
        requireWriter(jwt);
        if (files == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Send the Markdown files as form field 'files'");
        }
        return imports.run(files).subscribeOn(Schedulers.parallel());
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r');
    }

    private static void requireWriter(Jwt jwt) {
        Caller caller = Caller.of(jwt);
        if (!caller.is(Role.ADMIN) && !caller.isServiceWith(WRITE)) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "Only admins and the knowledge sync may change " + "articles");
        }
    }

    private static void requireReader(Jwt jwt) {
        Caller caller = Caller.of(jwt);
        if (!caller.is(Role.AGENT)
                && !caller.is(Role.ADMIN)
                && !caller.isServiceWith(READ)
                && !caller.isServiceWith(WRITE)) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN,
                    "This operation is not open to the " + caller.role().name().toLowerCase(Locale.ROOT) + " role");
        }
    }
}
