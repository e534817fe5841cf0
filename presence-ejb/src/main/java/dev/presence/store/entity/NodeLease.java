package dev.presence.store.entity;

import jakarta.nosql.Column;
import jakarta.nosql.Convert;
import jakarta.nosql.Entity;
import jakarta.nosql.Id;
import java.time.Instant;

/**
 * A document of the {@code nodes} collection: one running node and how long its sessions count as alive.
 * Sessions of a node whose {@code expiresAt} has passed are dead (PROTOCOL.md §2, leases).
 */
@Entity("nodes")
public class NodeLease {

    @Id
    private String id;
    @Column
    private String nodeName;
    @Column
    @Convert(InstantAsDate.class)
    private Instant startedAt;
    @Column
    @Convert(InstantAsDate.class)
    private Instant renewedAt;
    @Column
    @Convert(InstantAsDate.class)
    private Instant expiresAt;

    public NodeLease() {
    }

    public NodeLease(String id, String nodeName, Instant startedAt, Instant renewedAt, Instant expiresAt) {
        this.id = id;
        this.nodeName = nodeName;
        this.startedAt = startedAt;
        this.renewedAt = renewedAt;
        this.expiresAt = expiresAt;
    }

    public String getId() {
        return id;
    }

    public String getNodeName() {
        return nodeName;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getRenewedAt() {
        return renewedAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public NodeLease renewed(Instant now, long leaseMillis) {
        return new NodeLease(id, nodeName, startedAt, now, now.plusMillis(leaseMillis));
    }

    public NodeLease released(Instant now) {
        return new NodeLease(id, nodeName, startedAt, renewedAt, now);
    }
}
