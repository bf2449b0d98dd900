#!/usr/bin/env python3
"""Two SGD steps of a tiny network in the book's style, in PyTorch (float64), written as a fixture.

The test PyTorchFixtureTest (src/test/java/org/alexnetstudio/train/cpu) loads the same initial weights
and batches into AlexNet Studio's CPU backend, trains two steps and compares losses, parameters and
batch-norm buffers with what PyTorch computed here.

Usage: /usr/bin/python3 bench/make_pytorch_fixture.py [OUT]
  OUT defaults to src/test/resources/train/pytorch-two-steps.txt
Format: one tensor per line, "name dims values...", dims comma-separated ("-" for a scalar), values as
Python's repr of each float64 (exact round trip).
"""
import sys

import torch
from torch import nn


def network():
    # Mirrors the spec in PyTorchFixtureTest: input 1×8×8.
    return nn.Sequential(
        nn.Conv2d(1, 4, kernel_size=3, stride=1, padding=1),   # 0: 4×8×8
        nn.BatchNorm2d(4),                                     # 1
        nn.ReLU(),                                             # 2
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),      # 3: ⌊(8+2−3)/2⌋+1 = 4 → 4×4×4
        nn.Conv2d(4, 6, kernel_size=3, stride=1, padding=0),   # 4: 6×2×2
        nn.ReLU(),                                             # 5
        nn.Flatten(),                                          # 6: 24
        nn.Linear(24, 8),                                      # 7
        nn.ReLU(),                                             # 8
        nn.Dropout(p=0.0),                                     # 9: the identity, so no mask to share
        nn.Linear(8, 3))                                       # 10


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/train/pytorch-two-steps.txt"
    torch.manual_seed(7)
    torch.set_default_dtype(torch.float64)
    net = network()
    # Non-trivial batch-norm parameters, so that their gradients and effects show.
    with torch.no_grad():
        net[1].weight.copy_(torch.tensor([1.2, 0.8, 1.0, 1.5]))
        net[1].bias.copy_(torch.tensor([0.1, -0.2, 0.0, 0.3]))
    sgd = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    # Images as float32 values (the app's input type), so that both sides see exactly the same input.
    batches = [((torch.rand(4, 1, 8, 8) * 2 - 0.5).float().double(), torch.tensor([0, 1, 2, 1])),
               ((torch.rand(4, 1, 8, 8) * 2 - 0.5).float().double(), torch.tensor([2, 2, 0, 1]))]
    rows = []

    def tensor(name, t):
        t = t.detach().to(torch.float64)
        dims = ",".join(str(d) for d in t.shape) if t.dim() > 0 else "-"
        rows.append(name + " " + dims + " " + " ".join(repr(float(v)) for v in t.reshape(-1).tolist()))

    for k, v in net.state_dict().items():
        tensor("initial/" + k, v)
    for i, (x, y) in enumerate(batches, start=1):
        tensor(f"batch{i}/images", x)
        tensor(f"batch{i}/labels", y.to(torch.float64))
        net.train()
        sgd.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        sgd.step()
        tensor(f"step{i}/loss", loss)
        for k, v in net.state_dict().items():
            tensor(f"step{i}/" + k, v)
    with open(out, "w") as f:
        f.write("# bench/make_pytorch_fixture.py, torch " + torch.__version__ + ", float64\n")
        f.write("\n".join(rows) + "\n")
    print(f"wrote {len(rows)} tensors to {out}")


if __name__ == "__main__":
    main()
