package dev.presence.store.boundary;

import dev.presence.store.control.NodeLeaseRepository;
import dev.presence.store.control.UserRepository;
import dev.presence.store.entity.NodeLease;
import dev.presence.store.entity.UserDocument;
import jakarta.data.repository.DataRepository;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jnosql.mapping.metadata.ClassScanner;

/**
 * Names the application's entities and repositories for JNoSQL instead of letting it scan the whole
 * classpath with ClassGraph, which costs 10–20 s at every start on Payara. Registered through
 * {@code META-INF/services}; a new entity or repository must be added here.
 */
public final class PresenceClassScanner implements ClassScanner {

    private static final Set<Class<?>> ENTITIES = Set.of(UserDocument.class, NodeLease.class);
    private static final Set<Class<?>> REPOSITORIES = Set.of(UserRepository.class, NodeLeaseRepository.class);

    @Override
    public Set<Class<?>> entities() {
        return ENTITIES;
    }

    @Override
    public Set<Class<?>> repositories() {
        return REPOSITORIES;
    }

    @Override
    public Set<Class<?>> embeddables() {
        return Set.of();
    }

    @Override
    public <T extends DataRepository<?, ?>> Set<Class<?>> repositories(Class<T> filter) {
        return REPOSITORIES.stream().filter(filter::isAssignableFrom).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Set<Class<?>> repositoriesStandard() {
        return REPOSITORIES;
    }

    @Override
    public Set<Class<?>> customRepositories() {
        return Set.of();
    }
}
