"""The compiled CPU kernels and the fused layers that train on them.

- cpu_kernels.cpp: LoRA dropout hashed into the low-rank product, SwiGLU and RMSNorm, one pass each way.
- loader.py: where a build of it lives for this machine, and which kernels apply to given tensors.
- lean.py: PEFT's LoRA Linear and the LM head + loss as autograd functions that touch and keep less.
- fused_layers.py: the family's SwiGLU MLP and RMSNorm routed through the kernels.

Importing this package is cheap: the modules import torch themselves.
"""
