package org.opt2vec.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.features.FeatureSet;
import org.opt2vec.tasks.TaskDistributions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings file that lets a meta-training run resume, on local threads or on Spark, with what it started with. */
class MetaTrainSettingsTest {
    @TempDir
    Path dir;

    private static MetaTrainSettings settings(String featureSet, Map<String, String> extras) {
        return new MetaTrainSettings(7, 2, 30, "blobs,xor", 11L, 3, 0.05, 0.02, 4, null, featureSet, false, null, extras);
    }

    /** A file that {@link MetaTrainSettings#load} accepts needs a checkpoint beside it. */
    private Path runDir(MetaTrainSettings s) throws IOException {
        s.save(dir);
        Files.write(dir.resolve(EfficientMetaLearningTrainer.CHECKPOINT_FILE), new byte[]{1});
        return dir;
    }

    @Test
    void savedSettingsLoadAsTheyWere() throws IOException {
        MetaTrainSettings s = settings("v3", Map.of("data", "/data/x.csv", "numClasses", "3"));
        assertEquals(s, MetaTrainSettings.load(runDir(s)));
        MetaTrainSettings bare = new MetaTrainSettings(5, 1, 20, "default", 42L, null, null, null, 10, null, null, false, null,
                Map.of());
        assertEquals(bare, MetaTrainSettings.load(runDir(bare)));
        MetaTrainSettings recipe = MetaTrainSettings.recipe(BundledWeightsRecipe.NAME, 43L, 5, 40, "v3", false);
        assertEquals(recipe, MetaTrainSettings.load(runDir(recipe)));
        MetaTrainSettings perLayer = MetaTrainSettings.recipe(BundledWeightsRecipe.NAME, 43L, 5, null, "v5", true);
        assertEquals(perLayer, MetaTrainSettings.load(runDir(perLayer)));
        assertTrue(perLayer.trainer(d -> null).build().updaterTemplate().isPerLayer());
        assertFalse(recipe.trainer(d -> null).build().updaterTemplate().isPerLayer());
        assertEquals(BundledWeightsRecipe.META_STEPS, recipe.metaSteps());
    }

    @Test
    void aResumeMayExtendTheRunAndStartAveragingButKeepsTheFeatureSet() {
        MetaTrainSettings s = settings(null, Map.of());
        assertEquals(s, s.resumedWith(null, null, null, null));
        String def = Opt2Vec.DEFAULT_FEATURE_SET.configName();
        MetaTrainSettings longer = s.resumedWith(12, 8, def, null);
        assertEquals(12, longer.metaSteps());
        assertEquals(8, longer.averageFrom());
        assertEquals(def, longer.featureSet(), "the default is resolved when the run starts, and kept");
        assertEquals(Opt2Vec.DEFAULT_FEATURE_SET, longer.features());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.resumedWith(12, null, "v3", null));
        assertTrue(e.getMessage().contains("trains feature set " + def + ", fixed when it started"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings("v3", Map.of()).resumedWith(null, null, "v2", null));
    }

    @Test
    void theTrainerIsTheOneTheSettingsDescribe() {
        EfficientMetaLearningTrainer t = settings("v3", Map.of()).trainer(TaskDistributions::parse).threads(1).build();
        assertEquals(FeatureSet.V3, t.architecture().featureSet());
        assertEquals(TaskDistributions.parse("blobs,xor").name(), t.tasks().name());
        EfficientMetaLearningTrainer r = MetaTrainSettings.recipe(BundledWeightsRecipe.NAME, 42L, 10, null, null, false)
                .trainer(spec -> {
                    throw new AssertionError("a recipe brings its own tasks");
                }).threads(1).build();
        assertEquals(BundledWeightsRecipe.tasks().name(), r.tasks().name());
    }

    @Test
    void problemsNameTheOptionToFix() {
        assertEquals(List.of(), settings("v3", Map.of()).problems());
        MetaTrainSettings bad = new MetaTrainSettings(0, 0, 1, "xor", 1L, 0, null, null, 0, null, "v9", false, null, Map.of());
        assertEquals(List.of("--meta-steps must be >= 1", "--tasks-per-step must be >= 1", "--inner-steps must be >= 2",
                "--pairs must be >= 1", "--checkpoint-every must be >= 1",
                "--feature-set: featureSet: unknown feature set 'v9'; use v1, v2, v3, v4 or v5"), bad.problems());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetaTrainSettings.recipe("fast", 1L, 10, null, null, false));
        assertTrue(e.getMessage().contains("unknown recipe 'fast' (known: bundled)"), e.getMessage());
        assertEquals(List.of(), MetaTrainSettings.recipeProblems("bundled", o -> o.equals("--seed")));
        assertEquals(List.of("--recipe: unknown recipe 'fast' (known: bundled)",
                        "--pairs cannot be combined with --recipe (the recipe fixes it)"),
                MetaTrainSettings.recipeProblems("fast", o -> o.equals("--pairs") || o.equals("--threads")));
        assertThrows(IllegalArgumentException.class, () -> settings(null, Map.of("seed", "3")),
                "an extra may not shadow a setting");
    }

    @Test
    void aDirectoryWithoutARunOrWithADamagedFileIsRefusedWithTheReason() throws IOException {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> MetaTrainSettings.load(dir.resolve("nothing")));
        assertTrue(none.getMessage().contains("no meta-train checkpoint there"), none.getMessage());

        runDir(settings(null, Map.of()));
        Path file = dir.resolve(MetaTrainSettings.FILE);
        Files.writeString(file, Files.readString(file).replace("innerSteps=30", "innerSteps=thirty"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> MetaTrainSettings.load(dir));
        assertTrue(bad.getMessage().contains("'innerSteps' is 'thirty', not an integer"), bad.getMessage());
        Files.writeString(file, "tasks=xor\n");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> MetaTrainSettings.load(dir));
        assertTrue(missing.getMessage().contains("missing 'metaSteps'"), missing.getMessage());
    }

    /** Runs started when v2 was the default saved no feature set: they resume as v2 whatever the default is now. */
    @Test
    void aSettingsFileWithoutAFeatureSetIsARunOfTheOldDefault() throws IOException {
        Path run = runDir(settings(null, Map.of()));
        Path file = run.resolve(MetaTrainSettings.FILE);
        String text = Files.readString(file).lines().filter(l -> !l.startsWith("featureSet="))
                .collect(java.util.stream.Collectors.joining("\n"));
        Files.writeString(file, text);
        assertEquals(FeatureSet.V2, MetaTrainSettings.load(run).features());
    }
}
