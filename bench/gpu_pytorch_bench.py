#!/usr/bin/env python3
"""The same training step as `GpuCheck bench` (AlexNet Studio's GPU backend), in PyTorch on the same GPU.

Usage: gpu_pytorch_bench.py --model alexnet|alexnet-mini --resize 224 --batch 128 [--steps 20] [--warmup 3] [--tf32]
                            [--data device|host]
Prints one JSON line. Settings stated on both sides: fp32, torch.backends.cudnn.benchmark = True, TF32 off in
convolutions and matrix products unless --tf32 (then AlexNet Studio runs with -Dalexnet.gpu.tf32=true).
--data host copies the batch from (pageable) host memory every step, as AlexNet Studio's trainStep(float[])
does; device keeps it on the GPU (PyTorch's best case). SGD lr 0.01 without momentum (the book's), Xavier
init, loss.item() every step (a sync, as the book's train_ch6 and AlexNet Studio's step have).
Peak memory: torch.cuda.max_memory_allocated / max_memory_reserved, and the drop of free device memory
since the CUDA context started (what AlexNet Studio reports as peakDeviceBytes).
"""
import argparse, json, statistics, time

import torch
from torch import nn

from pytorch_step import alexnet, alexnet_mini  # the same models as the CPU comparison


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="alexnet")
    ap.add_argument("--resize", type=int, default=224)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--tf32", action="store_true")
    ap.add_argument("--data", choices=["device", "host"], default="host")
    a = ap.parse_args()
    torch.backends.cudnn.benchmark = True
    torch.backends.cuda.matmul.allow_tf32 = a.tf32
    torch.backends.cudnn.allow_tf32 = a.tf32
    dev = torch.device("cuda:0")
    torch.cuda.init()
    torch.empty(1, device=dev)  # the context
    free0, total = torch.cuda.mem_get_info(dev)
    torch.manual_seed(0)
    net = alexnet() if a.model == "alexnet" else alexnet_mini()
    net(torch.zeros(1, 1, a.resize, a.resize))  # materialise LazyLinear on the host
    for m in net:
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    net = net.to(dev)
    params = sum(p.numel() for p in net.parameters())
    x_host = torch.rand(a.batch, 1, a.resize, a.resize)
    y_host = torch.randint(0, 10, (a.batch,))
    x_dev, y_dev = x_host.to(dev), y_host.to(dev)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    net.train()
    torch.cuda.reset_peak_memory_stats(dev)
    lowest = free0
    times = []
    first = 0.0
    for i in range(a.warmup + a.steps):
        torch.cuda.synchronize(dev)
        t = time.perf_counter()
        if a.data == "host":
            x, y = x_host.to(dev), y_host.to(dev)
        else:
            x, y = x_dev, y_dev
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        loss.item()
        dt = time.perf_counter() - t
        if i == 0:
            first = dt
        if i >= a.warmup:
            times.append(dt)
        lowest = min(lowest, torch.cuda.mem_get_info(dev)[0])
    med = statistics.median(times)
    print(json.dumps({
        "side": "pytorch", "torch": torch.__version__, "cudnn": torch.backends.cudnn.version(),
        "gpu": torch.cuda.get_device_name(dev), "model": a.model, "input": "1x%dx%d" % (a.resize, a.resize),
        "batch": a.batch, "steps": a.steps, "data": a.data, "parameters": params,
        "medianStepSec": round(med, 5), "examplesPerSec": round(a.batch / med, 1),
        "meanExamplesPerSec": round(a.batch * len(times) / sum(times), 1), "firstStepSec": round(first, 3),
        "maxMemoryAllocated": torch.cuda.max_memory_allocated(dev),
        "maxMemoryReserved": torch.cuda.max_memory_reserved(dev),
        "peakDeviceBytes": free0 - lowest, "tf32": a.tf32,
        "allowTf32": {"cudnn": torch.backends.cudnn.allow_tf32, "matmul": torch.backends.cuda.matmul.allow_tf32}}))


if __name__ == "__main__":
    main()
