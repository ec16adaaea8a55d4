package com.smartsupport.llm.knowledge;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A bulk import of Markdown files, one article per file (see {@link MarkdownArticles} for the format). Files are
 * handled one by one: each valid one is created or updated (by slug), each invalid one is reported with the
 * reason, and what was valid is kept whatever the others hold.
 */
@Component
class ArticleImport {
    static final int MAX_FILES = 200;
    static final int MAX_FILE_BYTES = 256 * 1024;

    private final KnowledgeBase knowledge;

    ArticleImport(KnowledgeBase knowledge) {
        this.knowledge = knowledge;
    }

    /** What happened to one file: {@code created}, {@code updated}, {@code unchanged} or {@code refused}. */
    public record FileResult(String file, String status, String slug, String articleId, String error) {}

    public record Report(int created, int updated, int unchanged, int refused, List<FileResult> files) {
        static Report of(List<FileResult> files) {
            return new Report(
                    count(files, "created"),
                    count(files, "updated"),
                    count(files, "unchanged"),
                    count(files, "refused"),
                    files);
        }

        private static int count(List<FileResult> files, String status) {
            return (int) files.stream().filter(f -> f.status().equals(status)).count();
        }
    }

    Mono<Report> run(Flux<FilePart> files) {
        return files.index()
                .concatMap(indexed -> {
                    FilePart file = indexed.getT2();
                    String name = file.filename() == null || file.filename().isBlank()
                            ? "file " + (indexed.getT1() + 1)
                            : shorten(file.filename());
                    if (indexed.getT1() >= MAX_FILES) {
                        return file.content()
                                .doOnNext(DataBufferUtils::release)
                                .then(Mono.just(new FileResult(
                                        name, "refused", null, null, "at most " + MAX_FILES + " files per import")));
                    }
                    return DataBufferUtils.join(file.content(), MAX_FILE_BYTES)
                            .map(buffer -> {
                                try {
                                    byte[] bytes = new byte[buffer.readableByteCount()];
                                    buffer.read(bytes);
                                    return bytes;
                                } finally {
                                    DataBufferUtils.release(buffer);
                                }
                            })
                            .defaultIfEmpty(new byte[0])
                            .flatMap(bytes -> importOne(name, bytes))
                            .onErrorResume(e -> Mono.just(new FileResult(name, "refused", null, null, reason(e))));
                })
                .collectList()
                .map(results -> {
                    if (results.isEmpty()) {
                        throw new ResponseStatusException(
                                HttpStatus.BAD_REQUEST, "No files: send the Markdown files as form field 'files'");
                    }
                    return Report.of(results);
                });
    }

    private Mono<FileResult> importOne(String name, byte[] bytes) {
        ArticleInput input = MarkdownArticles.parse(name, utf8(bytes));
        return knowledge
                .upsertBySlug(input)
                .map(u -> new FileResult(
                        name,
                        u.outcome().name().toLowerCase(Locale.ROOT),
                        u.article().slug(),
                        u.article().id(),
                        null));
    }

    private static String utf8(byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidArticleException("the file is empty");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidArticleException("the file is not UTF-8 text");
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof ResponseStatusException r && r.getStatusCode().is4xxClientError()) {
            return r.getReason();
        }
        if (e instanceof DataBufferLimitException) {
            return "the file is larger than " + MAX_FILE_BYTES / 1024 + " KB";
        }
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    private static String shorten(String name) {
        String n = name.replaceAll("[\\p{Cntrl}]", "");
        return n.length() > 120 ? n.substring(0, 120) + "…" : n;
    }
}
