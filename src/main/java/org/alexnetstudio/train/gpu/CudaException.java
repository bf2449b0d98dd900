package org.alexnetstudio.train.gpu;

/** A CUDA, cuDNN or cuBLAS call that failed: which call, and the library's name for the error. */
final class CudaException extends RuntimeException {

    CudaException(String message) {
        super(message);
    }
}
