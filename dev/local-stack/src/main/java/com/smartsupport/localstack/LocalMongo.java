package com.smartsupport.localstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded MongoDB-wire server of the local run: mongo-java-server with its H2 backend, data kept in one
 * file so that a restart loses nothing, and the services' secondary indexes honoured ({@link IndexedH2Backend}).
 * Used only when no {@code SPRING_MONGODB_URI} is given.
 *
 * <pre>java -cp ... com.smartsupport.localstack.LocalMongo &lt;data-file&gt; &lt;port&gt;</pre>
 */
public final class LocalMongo {
    private LocalMongo() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : ".run/mongo/data.mv");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;
        Files.createDirectories(file.toAbsolutePath().getParent());
        H2Backend backend = new IndexedH2Backend(file.toString());
        MongoServer server = new MongoServer(backend);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.shutdown(); // closes the H2 store cleanly, flushing what is pending
                            stopped.countDown();
                        },
                        "local-mongo-shutdown"));
        server.bind("127.0.0.1", port);
        System.out.println(
                "MongoDB-wire server (mongo-java-server, H2 file " + file + ") listening on 127.0.0.1:" + port);
        stopped.await();
    }
}
