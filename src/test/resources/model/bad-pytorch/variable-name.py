net = nn.Sequential(
    nn.LazyConv2d(96, kernel_size=11, stride=4, padding=1), nn.ReLU(),
    nn.Flatten(),
    nn.LazyLinear(num_classes))
