net = nn.Sequential(
    nn.MaxPool2d(3, 2, ceil_mode=True))
