package com.smartsupport.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

class ProblemExceptionHandlerTest {

    @Test
    void clientErrorsKeepTheirStatusAndReason() {
        ProblemDetail p = ProblemExceptionHandler.toProblem(
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No such conversation"));
        assertThat(p.getStatus()).isEqualTo(404);
        assertThat(p.getDetail()).isEqualTo("No such conversation");
        assertThat(p.getType().toString()).isEqualTo("/problems/not-found");
    }

    @Test
    void malformedInputIsA400() {
        ProblemDetail p = ProblemExceptionHandler.toProblem(new ServerWebInputException("bad"));
        assertThat(p.getStatus()).isEqualTo(400);
        assertThat(p.getType().toString()).isEqualTo("/problems/malformed-request");
    }

    @Test
    void unexpectedErrorsRevealNothingInternal() {
        ProblemDetail p = ProblemExceptionHandler.toProblem(new IllegalStateException("db password is hunter2"));
        assertThat(p.getStatus()).isEqualTo(500);
        assertThat(p.getDetail()).doesNotContain("hunter2").doesNotContain("IllegalState");
    }

    @Test
    void anOutageOfADependencyIsA503NotA500() {
        ProblemDetail p = ProblemExceptionHandler.toProblem(
                new DataAccessResourceFailureException("Timed out while waiting for a server", new TimeoutException()));
        assertThat(p.getStatus()).isEqualTo(503);
        assertThat(p.getType().toString()).isEqualTo("/problems/unavailable");
        assertThat(p.getDetail()).doesNotContain("Timed out while waiting");
    }
}
