package dev.presence.store.entity;

import jakarta.nosql.Column;
import jakarta.nosql.Convert;
import jakarta.nosql.Entity;
import jakarta.nosql.Id;
import java.time.Instant;

/**
 * A document of the {@code users} collection, as read through JNoSQL. {@code socketIds} is not mapped:
 * JNoSQL writes an empty list as {@code {}}, so that array is only ever written with the driver's atomic
 * {@code $addToSet}/{@code $pull} (see {@code UserDocuments}).
 */
@Entity("users")
public class UserDocument {

    @Id
    private String id;
    @Column
    private Boolean isOnline;
    @Column
    private String status;
    @Column
    private String statusText;
    @Column
    @Convert(InstantAsDate.class)
    private Instant lastSeen;
    @Column
    @Convert(InstantAsDate.class)
    private Instant updatedAt;

    public String getId() {
        return id;
    }

    public String getStatus() {
        return status;
    }

    public String getStatusText() {
        return statusText;
    }

    public Instant getLastSeen() {
        return lastSeen;
    }

    public Boolean getIsOnline() {
        return isOnline;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
