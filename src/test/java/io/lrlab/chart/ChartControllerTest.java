package io.lrlab.chart;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lrlab.error.NotFoundException;
import io.lrlab.experiment.ExperimentQueries;
import io.lrlab.experiment.ExperimentStatus;
import io.lrlab.experiment.ExperimentView;
import io.lrlab.study.StudyService;
import io.lrlab.sweep.SweepService;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Chart endpoints with the data and the drawing replaced: parameter checks, 404s and conditional GETs. */
@WebMvcTest(controllers = ChartController.class,
        includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.lrlab\\.security\\..*"))
@org.springframework.context.annotation.Import(RenderedCharts.class)
class ChartControllerTest {

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
    @MockitoBean
    StudyCharts studyCharts;

    @BeforeEach
    void oneExperiment() {
        given(experiments.get(1)).willReturn(new ExperimentView(1, "one", ExperimentStatus.COMPLETED, null, null, null, null, null,
                1, null, null, null, null, null, null, 3));
        given(experiments.get(2)).willThrow(NotFoundException.of("experiment 2"));
        given(experiments.metrics(anyLong())).willReturn(List.of());
        given(experimentCharts.history(anyString(), any(), any())).willReturn(new byte[] {1, 2, 3});
    }

    @Test
    void anUnchangedChartIsRenderedOnceHoweverOftenItIsAskedFor() throws Exception {
        for (int i = 0; i < 3; i++) {
            mvc.perform(get("/api/experiments/1/charts/history.png?width=640")).andExpect(status().isOk());
        }
        org.mockito.Mockito.verify(experimentCharts, org.mockito.Mockito.times(1)).history(anyString(), any(), any());
    }

    @Test
    void aChartCarriesAnETagAndAnUnchangedOneIsA304WhateverFormTheTagTakes() throws Exception {
        String etag = mvc.perform(get("/api/experiments/1/charts/history.png"))
                .andExpect(status().isOk()).andExpect(content().contentType("image/png"))
                .andExpect(header().string("Cache-Control", "no-cache, private"))
                .andReturn().getResponse().getHeader("ETag");
        for (String tags : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            mvc.perform(get("/api/experiments/1/charts/history.png").header("If-None-Match", tags))
                    .andExpect(status().isNotModified()).andExpect(header().string("ETag", etag));
        }
        mvc.perform(get("/api/experiments/1/charts/history.png").header("If-None-Match", "\"other\"")).andExpect(status().isOk());
        // another query is another chart
        mvc.perform(get("/api/experiments/1/charts/history.png?width=900").header("If-None-Match", etag)).andExpect(status().isOk());
        // rendered twice: a 304 renders nothing, and the answer to the stale tag is the picture rendered first
        verify(experimentCharts, times(2)).history(anyString(), any(), any());
    }

    @Test
    void badParametersAreInvalidInputNamingEachOne() throws Exception {
        mvc.perform(get("/api/experiments/1/charts/history.png?width=100&smoothing=1.5&format=gif"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://lrlab.io/problems/invalid-input"))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("width", "format", "smoothing")));
        mvc.perform(get("/api/experiments/1/charts/history.png?from=9&to=3")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("from"));
        mvc.perform(get("/api/charts/compare.png")).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("ids"));
        mvc.perform(get("/api/charts/compare.png?ids=a,b")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/charts/compare.png?ids=1&metric=speed")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("metric"));
        mvc.perform(get("/api/sweeps/1/charts/compare.png?band=wide")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("band"));
    }

    @Test
    void anUnknownExperimentIsA404Problem() throws Exception {
        mvc.perform(get("/api/experiments/2/charts/history.png")).andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.detail").value("experiment 2 does not exist"));
    }
}
