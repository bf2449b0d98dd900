package org.alexnetstudio.train.cpu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The batch split across shards ({@link DataParallelTest}) with the convolutions through {@link ConvGemm}. */
class ConvGemmDataParallelTest extends DataParallelTest {

    @BeforeEach
    void gemm() {
        ConvGemm.forced = "gemm";
    }

    @AfterEach
    void auto() {
        ConvGemm.forced = null;
    }
}
