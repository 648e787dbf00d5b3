package io.wharf.micronaut.graceful;

import io.micronaut.context.ApplicationContext;

/**
 * A listener application in a child JVM, configured by system properties: the shutdown hook closes the context
 * on SIGTERM as a Micronaut server's own hook does, which stops the listeners gracefully.
 */
public final class ListenerApp {
    private ListenerApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        ApplicationContext context = ApplicationContext.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            System.out.println("LISTENER APP STOPPED");
        }, "context-close"));
        System.out.println("LISTENER APP STARTED");
        Thread.currentThread().join();
    }
}
