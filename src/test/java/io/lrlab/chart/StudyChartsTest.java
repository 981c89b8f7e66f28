package io.lrlab.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lrlab.experiment.ExperimentQueries;
import io.lrlab.study.StudyService;
import io.lrlab.study.StudyView;
import io.lrlab.sweep.SweepService;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** A study's parallel-coordinates and importance charts, drawn for real from a study's view. */
@WebMvcTest(controllers = ChartController.class,
        includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.lrlab\\.security\\..*"))
@Import({RenderedCharts.class, StudyCharts.class, LineChartRenderer.class})
class StudyChartsTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ExperimentQueries experiments;
    @MockitoBean
    SweepService sweeps;
    @MockitoBean
    StudyService studies;
    @MockitoBean
    ExperimentCharts experimentCharts;
    @MockitoBean
    ComparisonCharts comparisons;

    @Test
    void theParallelCoordinatesDrawTheBestTrialLightTheWorstDarkAndPrunedOnesGrey() throws Exception {
        given(studies.get(1)).willReturn(study(1, 12, List.of(new StudyView.Importance("initialLr", 0.7),
                new StudyView.Importance("schedule", 0.2))));
        byte[] png = mvc.perform(get("/api/studies/1/charts/parallel.png?width=900&height=500"))
                .andExpect(status().isOk()).andExpect(content().contentType("image/png")).andReturn().getResponse().getContentAsByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(pixels(image, 0xfde725)).as("the best trial's colour").isGreaterThan(50);
        assertThat(pixels(image, 0x440154)).as("the worst completed trial's colour").isGreaterThan(50);
        assertThat(pixels(image, 0xbbbbbb)).as("pruned trials").isGreaterThan(50);

        String svg = mvc.perform(get("/api/studies/1/charts/parallel.png?format=svg")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(svg).contains("schedule", "initialLr", "cosine.minLr", "val_acc", "cosine", "step", "12 trials");
    }

    @Test
    void importanceIsABarPerParameterAndA409UntilEightTrialsCompleted() throws Exception {
        given(studies.get(1)).willReturn(study(1, 12, List.of(new StudyView.Importance("initialLr", 0.7),
                new StudyView.Importance("schedule", 0.2))));
        String svg = mvc.perform(get("/api/studies/1/charts/importance.png?format=svg")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(svg).contains("initialLr", "schedule", "0.70", "0.20", "Parameter importance");

        given(studies.get(2)).willReturn(study(2, 5, null));
        mvc.perform(get("/api/studies/2/charts/importance.png")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("study 2 has 3 completed search trials; importance needs 8"));
        given(studies.get(3)).willReturn(study(3, 0, null));
        mvc.perform(get("/api/studies/3/charts/parallel.png")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("study 3 has no search trial yet"));
    }

    /** {@code n} search trials over two schedules, every third one pruned, the value rising with the rate. */
    private static StudyView study(long id, int n, List<StudyView.Importance> importance) {
        List<StudyView.Trial> trials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> params = new LinkedHashMap<>();
            boolean cosine = i % 2 == 0;
            params.put("schedule", cosine ? "cosine" : "step");
            double lr = 0.001 * Math.pow(1.6, i);
            params.put("initialLr", lr);
            if (cosine) {
                params.put("cosine.minLr", 0.0001 * i);
            }
            boolean pruned = i % 3 == 1;
            trials.add(new StudyView.Trial(i, "search", 100L + i, params, pruned ? "PRUNED" : "COMPLETED", pruned ? 1 : 4,
                    null, null, 0.1 + 0.05 * i));
        }
        trials.add(new StudyView.Trial(n, "confirm", 500L, Map.of("schedule", "cosine"), "QUEUED", 0, null, null, null));
        return new StudyView(id, "s", "SEARCHING", null, null, "tpe", "val_acc", null, List.of(1, 3), null, null, trials, null, importance, "search", null, null);
    }

    @Test
    void thePopulationChartDrawsEveryMembersRateAndMarksItsExploits() throws Exception {
        List<StudyView.Trial> members = new ArrayList<>();
        Map<Long, List<io.lrlab.training.EpochMetrics>> metrics = new LinkedHashMap<>();
        double[][] rates = {{0.1, 0.1, 0.1, 0.1}, {0.02, 0.12, 0.12, 0.144}, {0.3, 0.3, 0.3, 0.3}};
        for (int m = 0; m < 3; m++) {
            members.add(new StudyView.Trial(m, "search", 10L + m, Map.of("schedule", "piecewise", "initialLr", rates[m][0]), "COMPLETED", 4,
                    null, null, 0.3));
            List<io.lrlab.training.EpochMetrics> curve = new ArrayList<>();
            for (int e = 0; e < 4; e++) {
                curve.add(new io.lrlab.training.EpochMetrics(e, rates[m][e], rates[m][e], 2, 0.2, 2, 0.2, 1, 100));
            }
            metrics.put(10L + m, curve);
        }
        List<StudyView.Exploit> exploits = List.of(new StudyView.Exploit(0, 1, 1, 0.1, 0, 0.12), new StudyView.Exploit(0, 1, 0, 0.2, null, 0.1),
                new StudyView.Exploit(2, 3, 1, 0.15, 0, 0.144));
        given(studies.get(2)).willReturn(new StudyView(2, "p", "COMPLETED", null, null, null, "val_acc", null, null, null, null, members,
                null, null, "pbt", null, exploits));
        given(experiments.metrics(List.of(10L, 11L, 12L))).willReturn(metrics);
        byte[] png = mvc.perform(get("/api/studies/2/charts/population.png?width=900&height=500"))
                .andExpect(status().isOk()).andExpect(content().contentType("image/png")).andReturn().getResponse().getContentAsByteArray();
        java.nio.file.Files.write(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "lrlab-population.png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        for (int m = 0; m < 3; m++) {
            assertThat(pixels(image, Palette.color(m).getRGB() & 0xffffff)).as("member %d's line", m).isGreaterThan(50);
        }
        assertThat(pixels(image, 0x000000)).as("the exploits' marks and labels").isGreaterThan(40);

        given(studies.get(3)).willReturn(study(3, 4, null));
        mvc.perform(get("/api/studies/3/charts/population.png")).andExpect(status().isConflict());
    }

    private static int pixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
