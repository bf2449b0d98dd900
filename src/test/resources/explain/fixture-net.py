# The small network of the explanation fixture (issue 19): bench/explain_reference.py computes its
# saliency and Grad-CAM maps with PyTorch, ExplanationFixtureTest with the app. Input 1×28×28.
import torch
from torch import nn

net = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=5, padding=2), nn.BatchNorm2d(8), nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(8, 16, kernel_size=3, padding=1), nn.ReLU(), nn.LocalResponseNorm(3),
    nn.MaxPool2d(kernel_size=3, stride=2),
    nn.Conv2d(16, 16, kernel_size=3, padding=1), nn.ReLU(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(16 * 3 * 3, 32), nn.ReLU(), nn.Dropout(p=0.5),
    nn.Linear(32, 10))
