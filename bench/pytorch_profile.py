#!/usr/bin/env python3
"""PyTorch's own profile of the training step that bench/pytorch_step.py times, per layer and pass,
to set beside StepProfileBench's (bench/profile-ops.sh runs both under one ISA).

Usage: pytorch_profile.py --model alexnet|alexnet-mini --resize N --batch N [--steps 10] [--threads 2] [--channels-last]
Prints one line per layer and pass (forward: the module's time; backward: the autograd nodes of that
layer, matched by their inputs' shapes), then the optimizer, in milliseconds per step.
"""
import argparse, collections, statistics, time

import torch
from torch import nn
from torch.autograd import profiler

from pytorch_step import aten_capability, blas_kernels, alexnet, alexnet_mini


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="alexnet")
    ap.add_argument("--resize", type=int, default=224)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--channels-last", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = alexnet() if a.model == "alexnet" else alexnet_mini()
    x = torch.rand(a.batch, 1, a.resize, a.resize)
    y = torch.randint(0, 10, (a.batch,))
    net(x[:1])
    if a.channels_last:
        net = net.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    names = {}
    for i, m in enumerate(net):
        names[m] = f"{i} {type(m).__name__}"

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    # Forward per module (record_function around each), backward per autograd node, optimizer apart.
    hooks = []
    for m in net:
        def pre(mod, inp, _n=names[m]):
            mod._rf = profiler.record_function("fwd " + _n)
            mod._rf.__enter__()

        def post(mod, inp, out):
            mod._rf.__exit__(None, None, None)
        hooks += [m.register_forward_pre_hook(pre), m.register_forward_hook(post)]
    times = []
    with profiler.profile(record_shapes=True) as prof:
        for _ in range(a.steps):
            t = time.perf_counter()
            opt.zero_grad()
            loss = loss_fn(net(x), y)
            with profiler.record_function("bwd all"):
                loss.backward()
            with profiler.record_function("optimizer"):
                opt.step()
            loss.item()
            times.append(time.perf_counter() - t)
    for h in hooks:
        h.remove()
    events = prof.function_events
    totals = collections.OrderedDict()
    for e in events:
        if e.name.startswith("fwd ") or e.name in ("optimizer", "bwd all"):
            totals[e.name] = totals.get(e.name, 0) + e.cpu_time_total
    # Backward nodes: autograd's *Backward0 functions, attributed by name and shape.
    back = collections.OrderedDict()
    for e in events:
        if "Backward" in e.name and e.name.startswith(("Convolution", "Mkldnn", "Native", "Relu", "MaxPool",
                                                       "Addmm", "Mm", "Cudnn", "Threshold", "LogSoftmax",
                                                       "NllLoss", "View", "Reshape", "T", "Mul", "Div")):
            key = f"bwd {e.name} {e.input_shapes[:1] if e.input_shapes else ''}"
            back[key] = back.get(key, 0) + e.cpu_time_total
    print(f"PyTorch {torch.__version__}, {a.model} {a.resize}/{a.batch}, "
          f"{'channels_last' if a.channels_last else 'NCHW'}, {a.threads} threads, ATen {aten_capability()}, "
          f"{blas_kernels()}")
    for k, v in totals.items():
        if k != "bwd all":
            print(f"{k:<40} {v / 1000 / a.steps:8.2f} ms")
    for k, v in back.items():
        print(f"{k[:60]:<60} {v / 1000 / a.steps:8.2f} ms")
    print(f"backward total {totals.get('bwd all', 0) / 1000 / a.steps:.1f} ms, "
          f"step median {statistics.median(times) * 1000:.1f} ms (with the profiler)")
    print("top ops by self time (ms per step):")
    avg = prof.key_averages()
    for e in sorted(avg, key=lambda e: -e.self_cpu_time_total)[:15]:
        print(f"  {e.key[:50]:<50} {e.self_cpu_time_total / 1000 / a.steps:8.2f} ms  {e.count // a.steps:4d} calls")


if __name__ == "__main__":
    main()
