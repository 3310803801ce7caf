package dev.tunnelwatch.job;

/** Test access to {@link Main#run}, with the console streams of the moment. */
public final class MainRunner {

    private MainRunner() {}

    public static int run(String... args) throws Exception {
        return Main.run(args, System.out, System.err);
    }
}
