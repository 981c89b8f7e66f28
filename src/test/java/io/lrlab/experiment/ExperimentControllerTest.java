package io.lrlab.experiment;

import io.lrlab.sweep.SweepController;
import io.lrlab.sweep.SweepService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lrlab.error.ConflictException;
import io.lrlab.error.InvalidInputException;
import io.lrlab.error.NotFoundException;
import io.lrlab.error.OverBudgetException;
import io.lrlab.error.QueueFullException;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.ResultMatcher;

/**
 * The experiment and sweep endpoints with the services replaced: every 4xx answer the API gives, its problem type and
 * the field it names, and that domain failures map to the right status. No database, no training.
 */
@WebMvcTest(controllers = {ExperimentController.class, SweepController.class},
        includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.lrlab\\.security\\..*"))
class ExperimentControllerTest {

    static final String VALID = "{\"schedule\": \"step\", \"initialLr\": 0.1, \"epochs\": 5}";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ExperimentAdmission admission;
    @MockitoBean
    ExperimentQueries queries;
    @MockitoBean
    ExperimentLifecycle lifecycle;
    @MockitoBean
    ExperimentEvents events;
    @MockitoBean
    SweepService sweeps;

    private ResultActions submit(String body) throws Exception {
        return mvc.perform(post("/api/experiments").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static ResultMatcher problem(int status, String type) {
        return result -> {
            status().is(status).match(result);
            content().contentType(MediaType.APPLICATION_PROBLEM_JSON).match(result);
            jsonPath("$.type").value("https://lrlab.io/problems/" + type).match(result);
            jsonPath("$.status").value(status).match(result);
            content().string(Matchers.not(Matchers.containsString("Exception"))).match(result);
            content().string(Matchers.not(Matchers.containsString("at io.lrlab"))).match(result);
        };
    }

    private static ResultMatcher field(String name) {
        return jsonPath("$.errors[0].field").value(name);
    }

    @Test
    void aValidSubmissionIsAcceptedWithItsLocation() throws Exception {
        given(admission.submit(any(), any())).willReturn(new ExperimentView(7, "x", ExperimentStatus.QUEUED, null, null, null, null, null,
                0, null, null, null, null, null, null, 0));
        submit(VALID).andExpect(status().isAccepted()).andExpect(header().string("Location", "/api/experiments/7"))
                .andExpect(jsonPath("$.status").value("QUEUED"));
    }

    @Test
    void serverOwnedAndUnknownFieldsAreRefused() throws Exception {
        submit("{\"schedule\": \"step\", \"initialLr\": 0.1, \"epochs\": 5, \"status\": \"COMPLETED\"}")
                .andExpect(problem(400, "invalid-input")).andExpect(field("status"));
    }

    @Test
    void constraintViolationsNameTheirFields() throws Exception {
        submit("{\"schedule\": \"step\", \"initialLr\": 0.1, \"epochs\": 5, \"priority\": 101}")
                .andExpect(problem(400, "invalid-input")).andExpect(field("priority"));
        submit("{\"schedule\": \"step\", \"initialLr\": 0.1, \"epochs\": 5, \"batchSize\": 0}")
                .andExpect(problem(400, "invalid-input")).andExpect(field("batchSize"));
        submit("{\"schedule\": \"step\", \"initialLr\": 0.1, \"epochs\": 5, \"tags\": [\"a b\"]}")
                .andExpect(problem(400, "invalid-input")).andExpect(field("tags[0]"));
    }

    @Test
    void wrongTypesAndBrokenJsonAreInvalidInput() throws Exception {
        submit("{\"schedule\": \"step\", \"initialLr\": \"fast\", \"epochs\": 5}").andExpect(problem(400, "invalid-input")).andExpect(field("initialLr"));
        submit("{not json").andExpect(problem(400, "invalid-input")).andExpect(field("body"));
        submit("").andExpect(problem(400, "invalid-input")).andExpect(field("body"));
        mvc.perform(get("/api/experiments/abc")).andExpect(problem(400, "invalid-input")).andExpect(field("id"));
        mvc.perform(get("/api/experiments?status=SLEEPING")).andExpect(problem(400, "invalid-input")).andExpect(field("status"));
    }

    @Test
    void domainFailuresMapToTheirStatus() throws Exception {
        willThrow(InvalidInputException.of("model", "unknown model 'vgg'")).given(admission).submit(any(), any());
        submit(VALID).andExpect(problem(400, "invalid-input")).andExpect(field("model"));

        willThrow(new OverBudgetException("this experiment costs 9 units and the budget is 1")).given(admission).submit(any(), any());
        submit(VALID).andExpect(problem(400, "over-budget")).andExpect(jsonPath("$.detail").value(Matchers.containsString("budget is")));

        willThrow(new QueueFullException("the queue already holds 3 experiments")).given(admission).submit(any(), any());
        submit(VALID).andExpect(problem(429, "queue-full"));

        given(queries.get(anyLong())).willThrow(NotFoundException.of("experiment 9"));
        mvc.perform(get("/api/experiments/9")).andExpect(problem(404, "not-found"))
                .andExpect(jsonPath("$.detail").value("experiment 9 does not exist"));

        willThrow(new ConflictException("experiment 9 is RUNNING; cancel it first")).given(lifecycle).delete(9);
        mvc.perform(delete("/api/experiments/9")).andExpect(problem(409, "conflict"));

        given(lifecycle.cancel(eq(9L), any())).willThrow(new IllegalTransitionException(9L, ExperimentStatus.COMPLETED, ExperimentStatus.CANCELLED));
        mvc.perform(post("/api/experiments/9/cancel")).andExpect(problem(409, "conflict"))
                .andExpect(jsonPath("$.detail").value("experiment 9 is COMPLETED and cannot become CANCELLED"));
    }

    @Test
    void anUnexpectedFailureIsA500WithoutDetails() throws Exception {
        given(queries.get(anyLong())).willThrow(new IllegalStateException("secret internals"));
        mvc.perform(get("/api/experiments/1")).andExpect(problem(500, "internal-error"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("secret"))));
    }

    @Test
    void largeBodiesWrongMethodsAndUnknownPathsAreProblemsToo() throws Exception {
        submit("{\"name\": \"" + "x".repeat(70_000) + "\"}").andExpect(problem(413, "payload-too-large"));
        mvc.perform(put("/api/experiments/1")).andExpect(problem(405, "http-405"));
        mvc.perform(get("/api/nothing-here")).andExpect(problem(404, "http-404"));
    }

    @Test
    void sweepsAreValidatedLikeExperiments() throws Exception {
        mvc.perform(post("/api/sweeps").contentType(MediaType.APPLICATION_JSON).content("{\"schedules\": [], \"initialLrs\": [0.1], \"epochs\": 2}"))
                .andExpect(problem(400, "invalid-input")).andExpect(field("schedules"));
        given(sweeps.get(5)).willThrow(NotFoundException.of("sweep 5"));
        mvc.perform(get("/api/sweeps/5")).andExpect(problem(404, "not-found"));
    }
}
