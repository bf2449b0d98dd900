net = nn.Sequential(nn.Flatten(), nn.Linear(784))
