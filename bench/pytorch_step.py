#!/usr/bin/env python3
"""The book's AlexNet training step in PyTorch, timed like `alexnet-studio bench`.

Usage: pytorch_step.py --resize 224 --batch 128 --steps 10 [--threads 2] [--channels-last] [--model alexnet|alexnet-mini]
Prints one JSON line: examples/sec (median), median and min step seconds, peak RSS.
"""
import argparse, ctypes, json, resource, statistics, time

import torch
from torch import nn


def alexnet():
    # d2l §8.1, verbatim.
    return nn.Sequential(
        nn.Conv2d(1, 96, kernel_size=11, stride=4, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(96, 256, kernel_size=5, padding=2), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(256, 384, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 384, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(384, 256, kernel_size=3, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Flatten(),
        nn.LazyLinear(4096), nn.ReLU(), nn.Dropout(p=0.5),
        nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(p=0.5),
        nn.Linear(4096, 10))


def alexnet_mini(p=0.3):
    # Mirrors Presets.alexnetMini() (input 1x28x28).
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, stride=2, padding=2), nn.BatchNorm2d(32), nn.ReLU(),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(64, 96, 3, padding=1), nn.BatchNorm2d(96), nn.ReLU(),
        nn.Conv2d(96, 96, 3, padding=1), nn.BatchNorm2d(96), nn.ReLU(),
        nn.Conv2d(96, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Flatten(),
        nn.LazyLinear(256), nn.ReLU(), nn.Dropout(p),
        nn.Linear(256, 256), nn.ReLU(), nn.Dropout(p),
        nn.Linear(256, 10))


def aten_capability():
    """ATen's own kernels: AVX2 or AVX512 (ATEN_CPU_CAPABILITY caps it)."""
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            return line.split(":", 1)[1].strip()
    return "?"


def blas_kernels():
    """The BLAS library torch loaded and, for OpenBLAS, the kernels it chose (OPENBLAS_CORETYPE)."""
    libs = {line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.split("/")[-1]}
    for path in sorted(libs):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return "OpenBLAS " + lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return "reference BLAS: " + ", ".join(sorted(p.split("/")[-1] for p in libs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="alexnet")
    ap.add_argument("--resize", type=int, default=224)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--channels-last", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = alexnet() if a.model == "alexnet" else alexnet_mini()
    x = torch.rand(a.batch, 1, a.resize, a.resize)
    y = torch.randint(0, 10, (a.batch,))
    net(x[:1])  # materialise LazyLinear
    for m in net:
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
    if a.channels_last:
        net = net.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    net.train()
    times = []
    for i in range(a.warmup + a.steps):
        t = time.perf_counter()
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        loss.item()
        if i >= a.warmup:
            times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(json.dumps({
        "impl": "pytorch " + torch.__version__ + (" channels_last" if a.channels_last else " NCHW"),
        "model": a.model, "resize": a.resize, "batch": a.batch, "threads": a.threads,
        "median_step_s": round(med, 4), "min_step_s": round(min(times), 4),
        "examples_per_sec": round(a.batch / med, 1), "aten": aten_capability(), "blas": blas_kernels(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
