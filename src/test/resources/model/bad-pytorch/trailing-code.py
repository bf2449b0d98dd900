net = nn.Sequential(nn.Flatten(), nn.LazyLinear(10))
X = torch.randn(1, 1, 224, 224)
