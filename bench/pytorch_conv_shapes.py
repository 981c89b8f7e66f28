#!/usr/bin/env python3
"""PyTorch's convolution alone at the six 3x3 shapes of He et al.'s CIFAR ResNets (batch 128, channels_last, float32):
per shape the median of the forward pass and of the backward pass (input gradient and weight gradient), as
`bench/run.sh kernel.ConvolutionShapesBenchmark` times lrlab's. With --bf16, under bfloat16 autocast, as `bench/pytorch_resnet.py --bf16` trains. Usage: pytorch_conv_shapes.py [calls]
[--bf16] [--threads N]"""
import argparse
import os
import time

import torch

SHAPES = [(3, 32, 16, 1), (16, 32, 16, 1), (16, 32, 32, 2), (32, 16, 32, 1), (32, 16, 64, 2), (64, 8, 64, 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("calls", nargs="?", type=int, default=30)
    parser.add_argument("--bf16", action="store_true")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print("%-22s %10s %10s" % ("in, size, out, stride", "fwd ms", "bwd ms"))
    for cin, size, cout, stride in SHAPES:
        x = torch.rand(128, cin, size, size).to(memory_format=torch.channels_last).requires_grad_()
        conv = torch.nn.Conv2d(cin, cout, 3, stride, 1, bias=False).to(memory_format=torch.channels_last)
        forward, backward = [], []
        for _ in range(args.calls):
            t0 = time.perf_counter()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                y = conv(x)
            t1 = time.perf_counter()
            y.backward(torch.ones_like(y))
            t2 = time.perf_counter()
            forward.append((t1 - t0) * 1e3)
            backward.append((t2 - t1) * 1e3)
            x.grad = None
            conv.weight.grad = None
        print("%-22s %10.2f %10.2f" % ([cin, size, cout, stride], sorted(forward)[len(forward) // 2],
                                        sorted(backward)[len(backward) // 2]))


if __name__ == "__main__":
    main()
