package com.smartsupport.platform.mongo;

import java.util.List;
import org.springframework.data.mongodb.core.index.Index;

/**
 * The indexes a feature's queries need, as a bean: {@link MongoIndexCreator} creates every such bean's indexes
 * (idempotently) when the service starts. Spring Data's automatic index creation is off, so annotations alone create
 * nothing.
 */
@FunctionalInterface
public interface MongoIndexes {

    List<MongoIndex> indexes();

    /** One index of one entity's collection. */
    record MongoIndex(Class<?> entity, Index index) {

        public static MongoIndex on(Class<?> entity, Index index) {
            return new MongoIndex(entity, index);
        }
    }
}
