package org.opt2vec.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.tasks.BuiltinTasks;
import org.opt2vec.tasks.TaskDistributions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The constant-controller ablation on real DL4J inner runs of small tasks. */
class ConstantControllerSearchTest {
    private static MetaTrainingSpec spec() {
        return EfficientMetaLearningTrainer.builder().seed(11)
                .tasks(TaskDistributions.mixture(BuiltinTasks.linear1d(), BuiltinTasks.xor()))
                .build().spec(2, 30);
    }

    private static final List<ConstantControllerSearch.Setting> GRID =
            ConstantControllerSearch.Setting.grid(List.of(0.01, 1.0), List.of(0.5, 0.9));

    @Test
    void choosesTheSettingWithTheLowestMeanMetaLossWhateverTheThreadCount() {
        MetaTrainingSpec spec = spec();
        // The untrained controller is exactly the constant controller (1, 0.9): as a reference on the same tasks it
        // must score exactly what that grid setting scores.
        Map<String, Opt2Vec> refs = new LinkedHashMap<>();
        refs.put("untrained", spec.template());
        ConstantControllerSearch.Result one = ConstantControllerSearch.run(spec, 2, GRID, refs, 1, null);
        ConstantControllerSearch.Result two = ConstantControllerSearch.run(spec(), 2, GRID, refs, 2, null);

        assertEquals(4, one.scores().size());
        assertEquals(5 * 2 * 2, one.runs());
        for (int g = 0; g < GRID.size(); g++) {
            assertArrayEquals(one.scores().get(g).metaLoss(), two.scores().get(g).metaLoss(), GRID.get(g).id());
            assertEquals(4, one.scores().get(g).metaLoss().length);
        }
        assertEquals(one.best(), two.best());
        double min = one.scores().stream().mapToDouble(ConstantControllerSearch.Score::mean).min().orElseThrow();
        assertEquals(min, one.scoreOf(one.best()).mean());
        // 30 steps with a hundredth of the base step barely move a network; the full step does.
        assertEquals(1.0, one.best().lrScale());
        assertTrue(one.scoreOf(new ConstantControllerSearch.Setting(1.0, 0.9)).mean()
                < one.scoreOf(new ConstantControllerSearch.Setting(0.01, 0.9)).mean() - 0.1);
        assertArrayEquals(one.scoreOf(new ConstantControllerSearch.Setting(1.0, 0.9)).metaLoss(),
                one.references().get(0).metaLoss());
    }

    @Test
    void writesOneCsvRowPerSettingAndReference(@TempDir Path dir) throws Exception {
        Map<String, Opt2Vec> refs = Map.of("untrained", spec().template());
        ConstantControllerSearch.Result r = ConstantControllerSearch.run(spec(), 1, GRID, refs, 2, null);
        Path csv = dir.resolve(ConstantControllerSearch.CSV_FILE);
        r.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(1 + 4 + 1, lines.size());
        assertTrue(lines.get(0).startsWith("setting,lr_scale,momentum,tasks,mean_meta_loss"));
        assertEquals(1, lines.stream().filter(l -> l.endsWith(",true")).count(), "exactly one best setting");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(r.best().id() + ",") && l.endsWith(",true")));
        assertTrue(lines.get(5).startsWith("untrained,,,2,"));

        Path tasks = dir.resolve(ConstantControllerSearch.TASKS_CSV_FILE);
        r.writeTasksCsv(tasks);
        List<String> rows = Files.readAllLines(tasks);
        assertEquals(1 + 2, rows.size(), "one row per task");
        assertEquals("step,task,family_horizon,constant:0.01:0.5,constant:0.01:0.9,constant:1:0.5,constant:1:0.9,untrained",
                rows.get(0));
        assertTrue(rows.get(1).matches("0,0,[a-z0-9-]+/30(,-?[0-9.]+){5}"), rows.get(1));
    }

    @Test
    void invalidSettingsAndBudgetsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConstantControllerSearch.Setting(0, 0.5));
        assertTrue(e.getMessage().contains("lr scale > 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConstantControllerSearch.Setting(1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new ConstantControllerSearch.Setting(Double.NaN, 0.5));
        assertThrows(IllegalArgumentException.class, () -> ConstantControllerSearch.Setting.grid(List.of(), List.of(0.9)));
        assertThrows(IllegalArgumentException.class, () -> ConstantControllerSearch.run(spec(), 0, GRID, Map.of(), 1, null));
        assertThrows(IllegalArgumentException.class, () -> ConstantControllerSearch.run(spec(), 1, List.of(), Map.of(), 1, null));
        assertEquals("constant:0.3:0.9", new ConstantControllerSearch.Setting(0.3, 0.9).id());
        assertEquals("constant:10:0.5", new ConstantControllerSearch.Setting(10, 0.5).id());
    }
}
