net = nn.Sequential(
    nn.Conv2d(1, 6, kernal_size=5))
