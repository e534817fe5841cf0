package dev.presence.store.control;

import dev.presence.store.entity.NodeLease;
import jakarta.data.repository.BasicRepository;
import jakarta.data.repository.Repository;

@Repository(provider = "Eclipse_JNoSQL")
public interface NodeLeaseRepository extends BasicRepository<NodeLease, String> {
}
