package io.mpnet.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The log lines one class writes during a test, for tests of a warning the code must log:
 * {@code @RegisterExtension final LogCapture log = LogCapture.of(MiniProgramNetwork.class);}. Logback
 * is the test logging backend of every module.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private boolean debug;
    private @Nullable Level before;

    private LogCapture(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
    }

    /** Captures what {@code source}'s logger writes, from each test's start to its end. */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.list.clear();
        appender.start();
        logger.addAppender(appender);
        if (debug) {
            before = logger.getLevel();
            logger.setLevel(Level.DEBUG);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.detachAppender(appender);
        appender.stop();
        if (debug) {
            logger.setLevel(before);
        }
    }

    /**
     * Captures {@code source}'s DEBUG lines too, from each test's start to its end (its level is
     * set to DEBUG meanwhile, then restored).
     */
    public static LogCapture debugOf(Class<?> source) {
        LogCapture c = new LogCapture(source);
        c.debug = true;
        return c;
    }

    /** The DEBUG events logged so far in this test, in order; empty unless made by {@link #debugOf}. */
    public List<ILoggingEvent> debugs() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.DEBUG).toList();
    }

    /** The WARN events logged so far in this test, in order. */
    public List<ILoggingEvent> warnings() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }
}
