"""From a trained adapter to shippable files (merge, HF→GGUF, quantization) and GGUF→HF import."""
