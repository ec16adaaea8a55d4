package com.smartsupport.localstack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * mongo-java-server's H2 backend with the one thing it lacks for a local run that lasts: non-unique (secondary)
 * indexes. Upstream ignores them ("not yet implemented"), so every query by anything but {@code _id} or a unique
 * key reads and deserialises the whole collection, and a transcript read gets slower with every message ever
 * stored (CHANGELOG.md). Real MongoDB uses the same index definitions, which the services create at start-up.
 *
 * <p>A {@link SecondaryIndex} is kept in memory and rebuilt from the stored documents when the server starts (the
 * index definitions themselves are stored by mongo-java-server). It narrows a query that asks for one value of the
 * index's first field (plain equality, or {@code $eq}) to the documents holding that value (or an array containing
 * it); the server still applies the whole query, sort and limit to those candidates, so results are exactly those
 * of a full scan. Any other query scans, as before.
 */
final class IndexedH2Backend extends H2Backend {
    IndexedH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, this);
    }

    private static final class IndexedH2Database extends H2Database {
        IndexedH2Database(String name, IndexedH2Backend backend) {
            super(name, backend.getMvStore(), backend.getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(
                String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            if (keys.isEmpty() || keys.get(0).getKey().contains(".")) {
                return super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
            }
            return new SecondaryIndex(indexName, keys, sparse);
        }
    }

    /** Positions (the documents' ids) by the value of the index's first field. */
    static final class SecondaryIndex extends Index<Object> {
        private final String field;
        private final Map<Object, Set<Object>> positions = new HashMap<>();
        private final Map<Object, List<Object>> valuesAt = new HashMap<>();

        SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.field = keys.get(0).getKey();
        }

        /** The values a document is found under: its field's value, or each element of an array there. */
        private List<Object> valuesOf(Document document) {
            Object value = document.get(field);
            List<Object> out = new ArrayList<>();
            if (value instanceof Collection<?> many) {
                for (Object element : many) {
                    Object key = key(element);
                    if (key != null && !out.contains(key)) {
                        out.add(key);
                    }
                }
            } else {
                Object key = key(value);
                if (key != null) {
                    out.add(key);
                }
            }
            return out;
        }

        /** The comparable form of a plain value (numbers compare by value, as in queries); null for anything else. */
        private static Object key(Object value) {
            if (value instanceof Long l && l != (long) l.doubleValue()) {
                return l;
            }
            if (value instanceof Number n) {
                double d = n.doubleValue();
                return d == -0.0 ? 0.0 : d;
            }
            if (value instanceof String
                    || value instanceof Boolean
                    || value instanceof ObjectId
                    || value instanceof Date
                    || value instanceof Instant
                    || value instanceof UUID) {
                return value;
            }
            return null;
        }

        /** The value a query asks the first field to equal, or null if it asks something else. */
        private Object queried(Document query) {
            Object value = query.get(field);
            if (value instanceof Document d) {
                if (d.size() != 1 || !d.containsKey("$eq")) {
                    return null;
                }
                value = d.get("$eq");
            }
            return key(value);
        }

        private static Object idOf(Document document) {
            return Utils.getSubdocumentValue(document, "_id");
        }

        @Override
        public synchronized Object getPosition(Document document) {
            return null; // not unique: it never identifies one document
        }

        @Override
        public void checkAdd(Document document, MongoCollection<Object> collection) {}

        @Override
        public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
            List<Object> values = valuesOf(document);
            valuesAt.put(position, values);
            for (Object v : values) {
                positions.computeIfAbsent(v, k -> new HashSet<>()).add(position);
            }
        }

        @Override
        public synchronized Object remove(Document document) {
            Object position = idOf(document);
            unlink(position);
            return position;
        }

        private void unlink(Object position) {
            List<Object> values = valuesAt.remove(position);
            if (values == null) {
                return;
            }
            for (Object v : values) {
                Set<Object> at = positions.get(v);
                if (at != null) {
                    at.remove(position);
                    if (at.isEmpty()) {
                        positions.remove(v);
                    }
                }
            }
        }

        @Override
        public synchronized boolean canHandle(Document query) {
            return queried(query) != null;
        }

        @Override
        public synchronized Iterable<Object> getPositions(Document query) {
            Set<Object> at = positions.get(queried(query));
            return at == null ? List.of() : new ArrayList<>(at);
        }

        @Override
        public synchronized long getCount() {
            return valuesAt.size();
        }

        @Override
        public synchronized boolean isEmpty() {
            return valuesAt.isEmpty();
        }

        @Override
        public long getDataSize() {
            return 0;
        }

        @Override
        public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {}

        @Override
        public synchronized void updateInPlace(
                Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
            if (!valuesOf(oldDocument).equals(valuesOf(newDocument))) {
                unlink(position);
                add(newDocument, position, collection);
            }
        }

        @Override
        public synchronized void drop() {
            positions.clear();
            valuesAt.clear();
        }
    }
}
