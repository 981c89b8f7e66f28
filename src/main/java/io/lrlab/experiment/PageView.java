package io.lrlab.experiment;

import java.util.List;
import org.springframework.data.domain.Page;

/** One page of a listing. */
record PageView<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

    static <T> PageView<T> of(Page<T> page) {
        return new PageView<>(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
