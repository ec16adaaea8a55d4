package com.smartsupport.llm.knowledge;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** An article that breaks a rule (unknown language or visibility, bad slug, too long): a 400 problem. */
public class InvalidArticleException extends ResponseStatusException {
    public InvalidArticleException(String reason) {
        super(HttpStatus.BAD_REQUEST, reason);
    }
}
