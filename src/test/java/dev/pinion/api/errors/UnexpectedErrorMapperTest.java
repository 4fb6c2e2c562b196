package dev.pinion.api.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #10 item 3: an OutOfMemoryError ends the process instead of becoming a 500. */
class UnexpectedErrorMapperTest {
    @Test
    void aVirtualMachineErrorHaltsTheProcessInsteadOfAnswering() {
        List<Integer> halted = new ArrayList<>();
        UnexpectedErrorMapper mapper = new UnexpectedErrorMapper(halted::add);
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertThatThrownBy(() -> mapper.toResponse(oom)).isSameAs(oom);
        assertThat(halted).containsExactly(UnexpectedErrorMapper.FATAL_EXIT_STATUS);
        assertThatThrownBy(() -> mapper.toResponse(new StackOverflowError())).isInstanceOf(StackOverflowError.class);
        assertThat(halted).hasSize(2);
    }
}
