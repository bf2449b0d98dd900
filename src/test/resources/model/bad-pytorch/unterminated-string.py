net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=3, padding='same))
