"""PyTorch CPU baseline for the core benchmark: steps/s of the same MLP and CNN, same batch sizes."""
import json, sys, time
import torch
import torch.nn as nn

torch.set_num_threads(2)
torch.manual_seed(0)

def steps_per_second(model, x, y, steps=30, warmup=5):
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter(); step(); times.append(time.perf_counter() - t0)
    times.sort()
    return 1.0 / times[len(times) // 2]

mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
cnn = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Flatten(), nn.Linear(64 * 7 * 7, 10))
out = {
    "mlp": steps_per_second(mlp, torch.randn(128, 784), torch.randint(0, 10, (128,))),
    "cnn": steps_per_second(cnn, torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,)), steps=15),
    "torch": torch.__version__,
    "blas": torch.__config__.show().count("OpenBLAS") > 0 or "openblas" in torch.__config__.show().lower(),
}
json.dump(out, sys.stdout)
