package io.lrlab.worker;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@ApiResponse(responseCode = "503")
@RestController
@Tag(name = "Workers", description = "The worker processes sharing this database")
class WorkerController {

    private final WorkerRegistry registry;
    private final WorkerSettings settings;

    WorkerController(WorkerRegistry registry, WorkerSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    @GetMapping("/api/workers")
    @Operation(operationId = "listWorkers", summary = "Live workers: id, start, last heartbeat and the experiment each trains",
            description = "A worker counts as live while its last heartbeat is less than one lease (lrlab.worker.lease) old.")
    @ApiResponse(responseCode = "200", description = "The live workers")
    List<WorkerRegistry.WorkerView> live() {
        return registry.live(settings.lease());
    }
}
