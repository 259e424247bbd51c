package org.opt2vec.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI subset of {@link NativeMemorySoak}: every lifetime event of Opt2Vec's native-memory views (restore,
 * re-created updater, clone with in-place state assignment, user workspace, ParallelWrapper, close, kernel helper
 * threads, GC while other networks train) on two threads at once. The long soak is the class's main method.
 */
class NativeMemorySoakTest {
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void networksLiveAndDieWithoutTouchingFreedMemory() throws Exception {
        NativeMemorySoak.Result r = new NativeMemorySoak().run(2, 40, 20, 7L);
        System.out.println("soak subset: " + r);
        assertEquals(80, r.networks());
        assertTrue(r.restores() > 0 && r.closed() > 0 && r.parallelWrappers() > 0,
                "restore, close and ParallelWrapper exercised: " + r);
    }
}
