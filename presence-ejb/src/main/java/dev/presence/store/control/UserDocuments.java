package dev.presence.store.control;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.presence.status.control.UserWrite;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code users} collection through the MongoDB driver: bulk writes of the write-behind queue with the
 * atomic {@code $addToSet}/{@code $pull} on {@code socketIds} that JNoSQL cannot express, and the indexes.
 */
public final class UserDocuments implements WriteBehind.BulkWriter {

    public static final String COLLECTION = "users";

    private final MongoCollection<Document> users;

    public UserDocuments(MongoDatabase database) {
        this.users = database.getCollection(COLLECTION);
    }

    public void ensureIndexes() {
        users.createIndex(Indexes.ascending("isOnline", "lastSeen"), new IndexOptions().name("isOnline_lastSeen"));
        users.createIndex(Indexes.ascending("socketIds"), new IndexOptions().name("socketIds"));
    }

    @Override
    public void write(List<PendingUser> batch) {
        List<WriteModel<Document>> ops = new ArrayList<>(batch.size());
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        for (PendingUser p : batch) {
            ops.add(new UpdateOneModel<>(new Document("_id", p.latest().userId()), update(p), upsert));
        }
        users.bulkWrite(ops, new BulkWriteOptions().ordered(false));
    }

    static Bson update(PendingUser p) {
        UserWrite w = p.latest();
        Document set = new Document("updatedAt", Date.from(w.at()));
        if (w.hasFields()) {
            set.append("isOnline", w.isOnline())
                    .append("status", w.status().wire())
                    .append("statusText", w.statusText())
                    .append("lastSeen", w.lastSeen() == null ? null : Date.from(w.lastSeen()));
        }
        Document update = new Document("$set", set);
        if (!p.added().isEmpty()) {
            update.append("$addToSet", new Document("socketIds", new Document("$each", List.copyOf(p.added()))));
        } else if (!p.removed().isEmpty()) {
            update.append("$pull", new Document("socketIds", new Document("$in", List.copyOf(p.removed()))));
        }
        return update;
    }
}
