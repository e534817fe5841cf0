package dev.presence.store.control;

import dev.presence.store.entity.UserDocument;
import jakarta.data.repository.BasicRepository;
import jakarta.data.repository.Repository;
import java.util.List;

@Repository(provider = "Eclipse_JNoSQL")
public interface UserRepository extends BasicRepository<UserDocument, String> {

    List<UserDocument> findByIdIn(List<String> ids);
}
