#!/usr/bin/env python3
"""Reference run of the alexnet-mini preset in PyTorch on the full Fashion-MNIST (for docs/performance.md).

Usage: pytorch_train_mini.py [--data /usr/share/datasets/fashion-mnist] [--epochs 4] [--lr 0.05] [--momentum 0.9] [--wd 5e-4] [--cosine] [--dropout 0.3] [--seed 0] [--channels-last]
"""
import argparse, gzip, math, time
import numpy as np
import torch
import torch.nn.functional as F
from pytorch_step import alexnet_mini


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--wd", type=float, default=5e-4)
    ap.add_argument("--resize", type=int, default=28)
    ap.add_argument("--cosine", action="store_true", help="lr·½(1+cos(π·t/T)) per step, like --lr-schedule cosine")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--channels-last", action="store_true", help="NHWC tensors (PyTorch's faster CPU layout here)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    def load(prefix):
        x = torch.from_numpy(idx(f"{a.data}/{prefix}-images-idx3-ubyte.gz").copy()).float().div(255).unsqueeze(1)
        y = torch.from_numpy(idx(f"{a.data}/{prefix}-labels-idx1-ubyte.gz").astype(np.int64))
        if a.resize != 28:
            x = F.interpolate(x, size=a.resize, mode="bilinear", align_corners=False)
        return x, y
    xtr, ytr = load("train")
    xte, yte = load("t10k")
    net = alexnet_mini(a.dropout)
    net(xtr[:2])
    for m in net:
        if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d)):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    fmt = torch.channels_last if a.channels_last else torch.contiguous_format
    net = net.to(memory_format=fmt)
    opt = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=a.momentum, weight_decay=a.wd)
    steps_per_epoch = (len(xtr) + a.batch - 1) // a.batch
    total = a.epochs * steps_per_epoch
    step = 0
    t0 = time.time()
    for epoch in range(a.epochs):
        net.train()
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), a.batch):
            idxs = perm[i:i + a.batch]
            if a.cosine:
                for g in opt.param_groups:
                    g["lr"] = a.lr * 0.5 * (1 + math.cos(math.pi * step / total))
            step += 1
            opt.zero_grad()
            loss = F.cross_entropy(net(xtr[idxs].contiguous(memory_format=fmt)), ytr[idxs])
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            acc = sum((net(xte[i:i + 1000].contiguous(memory_format=fmt)).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, len(xte), 1000)) / len(xte)
        print(f"epoch {epoch + 1}: loss {loss.item():.3f}, test acc {acc:.3f}, {time.time() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    main()
