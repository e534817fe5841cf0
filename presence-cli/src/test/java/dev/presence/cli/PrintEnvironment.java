package dev.presence.cli;

/** A stand-in server for {@link StartupTrainingTest}: prints the names and values of its environment, one per line. */
public final class PrintEnvironment {

    private PrintEnvironment() {
    }

    public static void main(String[] args) {
        System.getenv().forEach((name, value) -> System.out.println(name + "=" + value));
    }
}
