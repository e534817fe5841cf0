package dev.presence.json;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. Every {@code jakarta.json.Json.create*} call looks the provider up
 * again through the service loader, which on Payara scans the application class loader's resources: on
 * the per-frame path that cost more than everything else the server did.
 */
public final class JsonParsing {

    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonParsing() {
    }
}
