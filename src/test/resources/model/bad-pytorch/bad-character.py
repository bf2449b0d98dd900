net = nn.Sequential(
    nn.ReLU(); nn.Flatten())
