package io.lrlab.dataset;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@ApiResponse(responseCode = "503")
@RestController
@RequestMapping("/api/datasets")
@Tag(name = "Data sets", description = "CIFAR-10 and the data sets users bring: folders on the server, zips, CIFAR-100, MNIST")
public class DatasetController {

    private final DatasetRegistry registry;

    DatasetController(DatasetRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    @Operation(operationId = "listDatasets", summary = "Every data set a worker can train on",
            description = "With classes, image counts, image shape, stored size and fingerprint; CIFAR-10 first.")
    @ApiResponse(responseCode = "200", description = "The data sets")
    List<DatasetView> list() {
        return registry.list();
    }

    @GetMapping("/{name}")
    @Operation(operationId = "getDataset", summary = "One data set",
            description = "Its source, classes, image shape, train and test counts, size and SHA-256 fingerprint; cifar10 is built in.")
    @ApiResponse(responseCode = "200", description = "The data set")
    @ApiResponse(responseCode = "404")
    DatasetView get(@PathVariable String name) {
        return registry.view(name);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "registerDataset", summary = "Register a folder on the server as a data set",
            description = "source folder: train/<class>/* and test/<class>/*, or one <class>/* tree split by testFraction and "
                    + "splitSeed (stratified); JPEG or PNG, any size, RGB or grayscale. cifar100: the binary release. idx: MNIST or "
                    + "Fashion-MNIST's IDX files, gzipped or not. The path must lie under lrlab.datasets.allowed-roots. The images "
                    + "are decoded once, brought to imageSize, and stored for every worker; nothing is kept if a check fails.")
    @ApiResponse(responseCode = "201", description = "Registered; Location names it", headers = @Header(name = "Location",
            description = "the data set's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400")
    @ApiResponse(responseCode = "403")
    @ApiResponse(responseCode = "409")
    ResponseEntity<DatasetView> register(@Valid @RequestBody DatasetRequest request) {
        DatasetView view = registry.register(request);
        return ResponseEntity.created(URI.create("/api/datasets/" + view.name())).body(view);
    }

    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "uploadDataset", summary = "Register an uploaded zip as a data set",
            description = "The zip holds train/<class>/* and test/<class>/*, or one <class>/* tree (optionally inside one top "
                    + "folder). Streamed to disk, never held in memory; refused with a 400 that names the entries: paths outside "
                    + "the archive, links, more entries or expanded bytes than lrlab.datasets.max-entries / max-expanded, files "
                    + "that are not images, unreadable images, fewer than 2 classes, empty classes. Larger than "
                    + "lrlab.datasets.max-upload: 413.")
    @ApiResponse(responseCode = "201", description = "Registered; Location names it", headers = @Header(name = "Location",
            description = "the data set's URL", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400")
    @ApiResponse(responseCode = "409")
    @ApiResponse(responseCode = "413")
    ResponseEntity<DatasetView> upload(
            @Parameter(description = "the zip") @RequestPart("file") MultipartFile file,
            @Parameter(description = "lower-case letters, digits, '.', '_', '-'; up to 64") @RequestParam("name") String name,
            @Parameter(description = "a single <class> tree: the share of each class held out for testing") @RequestParam(required = false) Double testFraction,
            @Parameter(description = "the seed of that split (default 1)") @RequestParam(required = false) Long splitSeed,
            @Parameter(description = "HxW or N the images are brought to; default their own size when all agree") @RequestParam(required = false) String imageSize,
            @Parameter(description = "1 or 3; default 1 when every image is grayscale") @RequestParam(required = false) Integer channels) {
        Path zip = null;
        try {
            zip = Files.createTempFile("lrlab-upload", ".zip");
            file.transferTo(zip);
            DatasetView view = registry.upload(name, zip, testFraction, splitSeed, imageSize, channels);
            return ResponseEntity.created(URI.create("/api/datasets/" + view.name())).body(view);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (zip != null) {
                try {
                    Files.deleteIfExists(zip);
                } catch (IOException ignored) {
                    // a temporary file: the system's clean-up takes it
                }
            }
        }
    }

    @DeleteMapping("/{name}")
    @Operation(operationId = "deleteDataset", summary = "Delete a data set and its stored images",
            description = "409 when experiments trained on it, unless force=true; they keep its fingerprint.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404")
    @ApiResponse(responseCode = "409")
    ResponseEntity<Void> delete(@PathVariable String name, @RequestParam(defaultValue = "false") boolean force) {
        registry.delete(name, force);
        return ResponseEntity.noContent().build();
    }
}
