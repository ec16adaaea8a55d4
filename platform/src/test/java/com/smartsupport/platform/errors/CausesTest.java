package com.smartsupport.platform.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class CausesTest {

    /** A throwable whose cause can be anything, itself included (Throwable's own getCause hides that case). */
    private static final class Looping extends RuntimeException {
        private Throwable cause;

        Looping(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable getCause() {
            return cause;
        }
    }

    @Test
    void findsTheFirstOfATypeAlongTheChain() {
        ConnectException refused = new ConnectException("refused");
        IllegalStateException error =
                new IllegalStateException("outer", new UncheckedIOException(new IOException("io", refused)));

        assertThat(Causes.find(error, ConnectException.class)).containsSame(refused);
        assertThat(Causes.find(error, IOException.class))
                .get()
                .extracting(Throwable::getMessage)
                .isEqualTo("io");
        assertThat(Causes.find(error, IllegalStateException.class)).containsSame(error);
        assertThat(Causes.find(error, ArithmeticException.class)).isEmpty();
        assertThat(Causes.has(error, ConnectException.class)).isTrue();
        assertThat(Causes.has(error, ArithmeticException.class)).isFalse();
    }

    @Test
    void matchesByPredicate() {
        RuntimeException error = new RuntimeException("outer", new RuntimeException("inner"));

        assertThat(Causes.any(error, t -> "inner".equals(t.getMessage()))).isTrue();
        assertThat(Causes.any(error, t -> "other".equals(t.getMessage()))).isFalse();
        assertThat(Causes.first(error, t -> t.getCause() == null))
                .get()
                .extracting(Throwable::getMessage)
                .isEqualTo("inner");
    }

    @Test
    void theRootIsTheLastOfTheChain() {
        RuntimeException inner = new RuntimeException("inner");
        assertThat(Causes.root(new RuntimeException("outer", new RuntimeException("middle", inner))))
                .isSameAs(inner);
        assertThat(Causes.root(inner)).isSameAs(inner);
        assertThat(Causes.root(null)).isNull();
    }

    @Test
    void nullHasNoCauses() {
        assertThat(Causes.find(null, RuntimeException.class)).isEmpty();
        assertThat(Causes.any(null, t -> true)).isFalse();
    }

    @Test
    void aChainThatLoopsEnds() {
        Looping self = new Looping("self");
        self.cause = self;
        Looping a = new Looping("a");
        Looping b = new Looping("b");
        a.cause = b;
        b.cause = a;

        assertThat(Causes.find(self, ArithmeticException.class)).isEmpty();
        assertThat(Causes.root(self)).isSameAs(self);
        assertThat(Causes.any(a, t -> false)).isFalse();
        assertThat(Causes.find(a, Looping.class)).containsSame(a);
        assertThat(Causes.root(a)).isSameAs(b);
    }
}
