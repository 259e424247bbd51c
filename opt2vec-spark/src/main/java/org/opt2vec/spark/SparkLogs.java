package org.opt2vec.spark;

import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logging of the launchers, and the one Spark number its listener API does not give: the serialized size of each
 * task, which Spark's scheduler logs ("Starting task ... N bytes)"). Works with logback, the binding of the launchers;
 * under another binding (a cluster's log4j) it does nothing and the size is reported as not measured.
 */
final class SparkLogs {
    private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";
    private static final Pattern TASK_BYTES = Pattern.compile("Starting task .*, (\\d+) bytes\\)");

    private SparkLogs() {
    }

    static boolean logback() {
        return LoggerFactory.getILoggerFactory().getClass().getName().equals(LOGBACK);
    }

    /** Warnings only, opt2vec at INFO (launchers have no logback.xml of their own). */
    static void quiet() {
        if (logback()) {
            Logback.quiet();
        }
    }

    /** Collects the serialized size of every task Spark starts until {@link TaskSizes#close()}. */
    static TaskSizes captureTaskSizes() {
        return logback() ? Logback.capture() : new TaskSizes(null);
    }

    /** Task sizes seen so far. */
    static final class TaskSizes implements AutoCloseable {
        private final List<Long> sizes = new ArrayList<>();
        private final Runnable detach;

        TaskSizes(Runnable detach) {
            this.detach = detach;
        }

        synchronized void add(String message) {
            Matcher m = TASK_BYTES.matcher(message);
            if (m.find()) {
                sizes.add(Long.parseLong(m.group(1)));
            }
        }

        synchronized boolean measured() {
            return !sizes.isEmpty();
        }

        synchronized double mean() {
            return sizes.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
        }

        synchronized long max() {
            return sizes.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        synchronized int count() {
            return sizes.size();
        }

        @Override
        public void close() {
            if (detach != null) {
                detach.run();
            }
        }
    }

    /** Loaded only when logback is the binding. */
    private static final class Logback {
        static void quiet() {
            ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
            // Logback without a configuration file logs everything at DEBUG through an appender named "console".
            if (ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("console") == null) {
                return;
            }
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            ctx.getLogger("org.opt2vec").setLevel(ch.qos.logback.classic.Level.INFO);
        }

        static TaskSizes capture() {
            ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
            ch.qos.logback.classic.Logger logger = ctx.getLogger("org.apache.spark.scheduler.TaskSetManager");
            ch.qos.logback.classic.Level level = logger.getLevel();
            boolean additive = logger.isAdditive();
            TaskSizes[] holder = new TaskSizes[1];
            ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                    new ch.qos.logback.core.AppenderBase<>() {
                        @Override
                        protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
                            holder[0].add(e.getFormattedMessage());
                        }
                    };
            appender.setContext(ctx);
            appender.setName("opt2vec-task-sizes");
            appender.start();
            holder[0] = new TaskSizes(() -> {
                logger.detachAppender(appender);
                logger.setLevel(level);
                logger.setAdditive(additive);
                appender.stop();
            });
            logger.setLevel(ch.qos.logback.classic.Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(appender);
            return holder[0];
        }
    }
}
