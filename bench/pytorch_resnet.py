#!/usr/bin/env python3
"""The reference ResNet (docs/REFERENCE.md), resnet-mini, or one of He et al.'s CIFAR ResNets, in PyTorch, timed the way lrlab's TrainingBenchmark times its own:
batch 128, SGD with classic momentum 0.9, the median of 9 training steps after 20 of warm-up (lrlab's JVM is still
compiling before that), and inference images/s.

    /usr/bin/python3 bench/pytorch_resnet.py [--model resnet20] [--channels-last] [--bf16] [--steps 9] [--warmup 20] [--threads N]

Prints the trainable parameter count (873,872, as the reference's Keras model and lrlab's) and one result line.
PyTorch comes from Debian's python3-torch (1.13) on these machines: apt-get install python3-torch.
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn as nn


class Module(nn.Module):
    """Pre-activation bottleneck: BN-ReLU-conv1x1(K/4), BN-ReLU-conv3x3(K/4, stride), BN-ReLU-conv1x1(K), plus the
    input (or a 1x1 stride conv of act1 in a stage's first module); no bias, no activation after the add."""

    def __init__(self, cin, k, stride, reduce):
        super().__init__()
        q = k // 4
        self.bn1 = nn.BatchNorm2d(cin, eps=2e-5, momentum=0.1)
        self.conv1 = nn.Conv2d(cin, q, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(q, eps=2e-5, momentum=0.1)
        self.conv2 = nn.Conv2d(q, q, 3, stride=stride, padding=1, bias=False)
        self.bn3 = nn.BatchNorm2d(q, eps=2e-5, momentum=0.1)
        self.conv3 = nn.Conv2d(q, k, 1, bias=False)
        self.shortcut = nn.Conv2d(cin, k, 1, stride=stride, bias=False) if reduce else None

    def forward(self, x):
        act1 = torch.relu(self.bn1(x))
        out = self.conv1(act1)
        out = self.conv2(torch.relu(self.bn2(out)))
        out = self.conv3(torch.relu(self.bn3(out)))
        return out + (self.shortcut(act1) if self.shortcut is not None else x)


class ResNet(nn.Module):
    def __init__(self, stages=(9, 9, 9), filters=(64, 64, 128, 256), classes=10):
        super().__init__()
        layers = [nn.BatchNorm2d(3, eps=2e-5, momentum=0.1), nn.Conv2d(3, filters[0], 3, padding=1, bias=False)]
        cin = filters[0]
        for i, n in enumerate(stages):
            k = filters[i + 1]
            layers.append(Module(cin, k, 1 if i == 0 else 2, True))
            layers.extend(Module(k, k, 1, False) for _ in range(n - 1))
            cin = k
        layers += [nn.BatchNorm2d(cin, eps=2e-5, momentum=0.1), nn.ReLU(), nn.AvgPool2d(8), nn.Flatten(), nn.Linear(cin, classes)]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


class BasicBlock(nn.Module):
    """He et al. 2016, section 4.2: conv3x3-BN-ReLU-conv3x3-BN, plus the shortcut, then ReLU; where the shape changes the
    shortcut is option A, the input subsampled with its channels padded by zeros on both sides (as lrlab's PaddedIdentity)."""

    def __init__(self, cin, k, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, k, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(k)
        self.conv2 = nn.Conv2d(k, k, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(k)
        self.pad = (k - cin) // 2 if stride != 1 or cin != k else None
        self.stride = stride

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x if self.pad is None else nn.functional.pad(x[:, :, ::self.stride, ::self.stride], (0, 0, 0, 0, self.pad, self.pad))
        return torch.relu(out + shortcut)


class CifarResNet(nn.Module):
    """He et al.'s CIFAR ResNet of depth 6n + 2: 269,722 trainable parameters for resnet20, 853,018 for resnet56."""

    def __init__(self, depth, classes=10):
        super().__init__()
        n = (depth - 2) // 6
        layers = [nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
        cin = 16
        for i, k in enumerate((16, 32, 64)):
            for b in range(n):
                layers.append(BasicBlock(cin, k, 2 if i > 0 and b == 0 else 1))
                cin = k
        layers += [nn.AvgPool2d(8), nn.Flatten(), nn.Linear(64, classes)]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


INFERENCE_WARMUP = 4


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--channels-last", action="store_true")
    parser.add_argument("--model", default="resnet-reference",
                        help="resnet-reference, resnet-mini (its stages of one module: 16/32/64 filters), or resnetN (He et al., N = 6n + 2)")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=9)
    parser.add_argument("--warmup", type=int, default=20, help="training steps; inference warms up 4")
    parser.add_argument("--bf16", action="store_true",
                        help="autocast to bfloat16 (convolutions in bfloat16, as lrlab.kernels.bf16); needs AVX512_BF16")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="as many as lrlab uses: every core")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    if args.model == "resnet-reference":
        model = ResNet()
    elif args.model == "resnet-mini":
        model = ResNet(stages=(1, 1, 1), filters=(16, 16, 32, 64))
    else:
        model = CifarResNet(int(args.model[len("resnet"):]))
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    fmt = torch.channels_last if args.channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    x = torch.rand(args.batch, 3, 32, 32).to(memory_format=fmt)
    y = torch.randint(0, 10, (args.batch,))
    # classic momentum, as lrlab's ClassicMomentum; L2 as the reference's mean weight decay is left out of the timing
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    autocast = lambda: torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16)
    steps = []
    model.train()
    for i in range(args.warmup + args.steps):
        start = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        with autocast():
            loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        if i >= args.warmup:
            steps.append(time.perf_counter() - start)
    train = args.batch / statistics.median(steps)
    model.eval()
    infer = []
    with torch.no_grad(), autocast():
        for i in range(INFERENCE_WARMUP + args.steps):
            start = time.perf_counter()
            model(x)
            if i >= INFERENCE_WARMUP:
                infer.append(time.perf_counter() - start)
    inference = args.batch / statistics.median(infer)
    layout = ("channels_last" if args.channels_last else "NCHW") + (" bf16" if args.bf16 else "")
    print(f"pytorch {torch.__version__} threads {torch.get_num_threads()} {args.model} {layout}: params {params:,}, "
          f"train img/s {train:.1f}, inference img/s {inference:.1f}")


if __name__ == "__main__":
    main()
