package org.opt2vec.arbiter;

import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.scoring.impl.EvaluationScoreFunction;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.opt2vec.dl4j.Opt2Vec;
import org.opt2vec.dl4j.Opt2VecWeights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Real sweeps on tiny tasks: 3 candidates each, real DL4J networks, real meta-training. */
class SweepTest {

    private static MultiLayerSpace networkSpace(Opt2VecSpace updater) {
        return new MultiLayerSpace.Builder()
                .seed(12345)
                .updater(updater)
                .addLayer(new DenseLayerSpace.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())
                .addLayer(new OutputLayerSpace.Builder().nIn(8).nOut(3).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .numEpochs(2)
                .build();
    }

    /** Scores in results.csv, in file order, for completed rows; asserts the CSV has one row per record. */
    private static List<Double> csvScores(SweepResult r) throws Exception {
        List<String> lines = Files.readAllLines(r.csvFile());
        assertEquals(r.records().size() + 1, lines.size(), "header + one row per candidate");
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1))
                .filter(f -> f[1].equals("completed")).map(f -> Double.parseDouble(f[2])).toList();
    }

    private static void assertBestIsBest(SweepResult r) throws Exception {
        List<Double> scores = csvScores(r);
        double best = r.minimize() ? scores.stream().mapToDouble(d -> d).min().orElseThrow()
                : scores.stream().mapToDouble(d -> d).max().orElseThrow();
        SweepRecord b = r.best().orElseThrow();
        assertEquals(best, b.score(), 0.0, "reported best is the best score in results.csv");
        assertEquals(b.index(), r.arbiterBestIndex(), "Arbiter's runner agrees on the best candidate");
        assertEquals(best, r.arbiterBestScore(), 1e-12);
        String report = Files.readString(r.reportFile());
        assertTrue(report.contains("- Best: candidate " + b.index() + ","), report);
        // the first table row (rank 1) is the best candidate
        String firstRow = report.lines().filter(l -> l.startsWith("| 1 |")).findFirst().orElseThrow();
        assertTrue(firstRow.startsWith("| 1 | " + b.index() + " |"), firstRow);
        assertTrue(Files.size(r.chartFile()) > 1000, "scores.png written");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)  // a guard against hangs: about 10 s on 2 cores, 6 s of it Arbiter's sleeps
    void trainWithSweepOfThreeCandidates(@TempDir Path dir) throws Exception {
        Opt2VecSpace updater = new Opt2VecSpace.Builder()
                .baseLr(new ContinuousParameterSpace(0.005, 0.05))
                .historyLength(new DiscreteParameterSpace<>(8, 16))
                .build();
        SweepResult r = TrainWithSweep.builder()
                .space(networkSpace(updater))
                .dataSource(TinyDataSource.class, null)
                .scoreFunction(new EvaluationScoreFunction(Evaluation.Metric.ACCURACY))
                .search(Search.random()).maxCandidates(3).seed(7)
                .outputDir(dir)
                .build().run();

        assertEquals(3, r.records().size());
        assertEquals(0, r.failedCount(), () -> r.records().toString());
        assertFalse(r.minimize(), "accuracy is maximized");
        assertEquals(List.of("updater.baseLr", "updater.historyLength"), r.parameterColumns());
        assertBestIsBest(r);

        // each candidate's network was saved through Arbiter's FileModelSaver, with its Opt2Vec updater
        for (SweepRecord rec : r.records()) {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(rec.artifact()).toFile(), true);
            Opt2Vec o = (Opt2Vec) ((BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
            assertEquals(rec.parameters().get("updater.historyLength"), Integer.toString(o.getHistoryLength()));
        }
    }

    @Test
    void gridTrainWithSweepOnABuiltInTask(@TempDir Path dir) throws Exception {
        java.util.Properties p = TaskDataSource.properties("blobs", 3, 20);
        MultiLayerSpace space = TaskDataSource.networkSpace(p, new Opt2VecSpace.Builder()
                .historyLength(new DiscreteParameterSpace<>(8, 16)).baseLr(0.02).build(), 1);
        TrainWithSweep sweep = TrainWithSweep.builder()
                .space(space)
                .dataSource(TaskDataSource.class, p)
                .scoreFunction(new org.deeplearning4j.arbiter.scoring.impl.TestSetLossScoreFunction(true))
                .search(Search.grid())
                .saveModels(false)
                .outputDir(dir)
                .build();
        assertEquals(2, sweep.plannedCandidates());
        SweepResult r = sweep.run();
        assertEquals(0, r.failedCount(), () -> r.records().toString());
        assertEquals(java.util.Set.of("8", "16"), r.records().stream()
                .map(x -> x.parameters().get("updater.historyLength")).collect(java.util.stream.Collectors.toSet()));
        assertTrue(r.minimize(), "test-set loss is minimized");
        assertBestIsBest(r);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)  // a guard against hangs: a few seconds on 2 cores
    void architectureSweepOfThreeCandidates(@TempDir Path dir) throws Exception {
        SweepResult r = ArchitectureSweep.builder()
                .embeddingDims(8, 16, 32).historyLengths(8).activations("gelu")
                .trainer(MetaTrainerArchitectureTrainer.builder().metaSteps(2).tasksPerStep(1).innerSteps(10)
                        .pairs(2).threads(2).build())
                .scorer(HeldOutTaskScorer.builder().numTasks(2).steps(10).threads(2).build())
                .outputDir(dir)
                .build().run();

        assertEquals(3, r.records().size());
        assertEquals(0, r.failedCount(), () -> r.records().toString());
        assertTrue(r.minimize());
        assertEquals(List.of("embeddingDim"), r.parameterColumns());
        assertBestIsBest(r);
        for (SweepRecord rec : r.records()) {
            Opt2VecWeights w = Opt2VecWeights.load(dir.resolve(rec.artifact()));
            assertEquals(Integer.parseInt(rec.parameters().get("embeddingDim")), w.architecture().embeddingDim());
            assertEquals(w.architecture().key(), rec.details().get(ArchitectureSweep.ARCHITECTURE_COLUMN));
            assertTrue(Double.isFinite(rec.score()));
            assertFalse(rec.details().get("metaLossLast").isEmpty());
        }
    }

    @Test
    void architectureSweepScoredOnTheHeldOutEvaluationSuite(@TempDir Path dir) throws Exception {
        SweepResult r = ArchitectureSweep.builder()
                .embeddingDims(8).historyLengths(8).activations("gelu", "relu")
                .trainer(MetaTrainerArchitectureTrainer.builder().metaSteps(2).tasksPerStep(1).innerSteps(10)
                        .pairs(2).threads(2).build())
                .scorer(HeldOutEvaluationScorer.builder().instancesPerFamily(1).innerSteps(10).threads(2)
                        .families(List.of(org.opt2vec.tasks.BuiltinTasks.blobs(),
                                org.opt2vec.tasks.BuiltinTasks.spirals())).build())
                .outputDir(dir)
                .build().run();
        assertEquals(2, r.records().size());
        assertEquals(0, r.failedCount(), () -> r.records().toString());
        assertBestIsBest(r);
        String header = Files.readAllLines(r.csvFile()).get(0);
        assertTrue(header.contains("mll:blobs") && header.contains("mll:spirals"), header);
        for (SweepRecord rec : r.records()) {
            double mean = (Double.parseDouble(rec.details().get("mll:blobs"))
                    + Double.parseDouble(rec.details().get("mll:spirals"))) / 2;
            assertEquals(mean, rec.score(), 1e-3, "score = mean over families");
        }
    }

    @Test
    void theDefaultArchitectureIsFoundByItsKeyWhateverTheColumns() {
        String defaultKey = new Opt2Vec().architecture().key();
        SweepRecord other = new SweepRecord(0, true, -1.0, java.util.Map.of("embeddingDim", "32"),
                java.util.Map.of(ArchitectureSweep.ARCHITECTURE_COLUMN, "h16-f7-e32-gelu"), 1, "", "");
        // a sweep over embeddingDim only: historyLength and activation are fixed and have no column
        SweepRecord def = new SweepRecord(1, true, -0.5, java.util.Map.of("embeddingDim", "64"),
                java.util.Map.of(ArchitectureSweep.ARCHITECTURE_COLUMN, defaultKey), 1, "", "");
        SweepResult r = new SweepResult("architecture", "score", true, List.of("embeddingDim"), List.of(other, def),
                Path.of("."), 2, 0, -1.0);
        assertEquals(1, ArchitectureSweep.defaultArchitecture(r).orElseThrow().index());
        SweepResult without = new SweepResult("architecture", "score", true, List.of("embeddingDim"), List.of(other),
                Path.of("."), 1, 0, -1.0);
        assertTrue(ArchitectureSweep.defaultArchitecture(without).isEmpty());
    }

    @Test
    void aFailingCandidateIsRecordedWithItsError(@TempDir Path dir) throws Exception {
        // nIn 5 does not match the data's 4 features: training throws inside Arbiter's task
        MultiLayerSpace wrong = new MultiLayerSpace.Builder()
                .updater(new Opt2VecSpace.Builder().historyLength(new DiscreteParameterSpace<>(8, 16)).build())
                .addLayer(new DenseLayerSpace.Builder().nIn(5).nOut(8).activation(Activation.TANH).build())
                .addLayer(new OutputLayerSpace.Builder().nIn(8).nOut(3).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .build();
        SweepResult r = TrainWithSweep.builder().space(wrong).dataSource(TinyDataSource.class, null)
                .scoreFunction(new EvaluationScoreFunction(Evaluation.Metric.ACCURACY))
                .search(Search.random()).maxCandidates(1).saveModels(false).outputDir(dir).build().run();
        assertEquals(1, r.failedCount());
        assertTrue(r.best().isEmpty());
        SweepRecord f = r.records().get(0);
        assertFalse(f.error().isEmpty());
        List<String> csv = Files.readAllLines(r.csvFile());
        assertTrue(csv.get(1).contains(",failed,"), csv.toString());
        assertTrue(Files.readString(r.reportFile()).contains("## Failed candidates"));
    }

    @Test
    void badSpacesFailBeforeAnyCandidateRuns(@TempDir Path dir) {
        Path out = dir.resolve("never");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArchitectureSweep.builder()
                .embeddingDims(List.of()).outputDir(out).build());
        assertTrue(e.getMessage().contains("embeddingDims") && e.getMessage().contains("empty"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> ArchitectureSweep.builder()
                .embeddingDims(0, 32).outputDir(out).build());
        assertTrue(e.getMessage().contains("embeddingDim"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> ArchitectureSweep.builder()
                .activations("gelu", "sigmoid").outputDir(out).build());
        assertTrue(e.getMessage().contains("sigmoid"), e.getMessage());

        // an empty discrete space elsewhere in a network space is caught too
        MultiLayerSpace bad = new MultiLayerSpace.Builder()
                .updater(new Opt2VecSpace.Builder().build())
                .addLayer(new DenseLayerSpace.Builder().nIn(4).nOut(new DiscreteParameterSpace<Integer>())
                        .activation(Activation.TANH).build())
                .addLayer(new OutputLayerSpace.Builder().nIn(8).nOut(3).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .build();
        e = assertThrows(IllegalArgumentException.class, () -> TrainWithSweep.builder().space(bad)
                .dataSource(TinyDataSource.class, null)
                .scoreFunction(new EvaluationScoreFunction(Evaluation.Metric.ACCURACY))
                .maxCandidates(2).outputDir(out).build());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertFalse(Files.exists(out), "nothing was written");
    }
}
