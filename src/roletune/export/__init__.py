"""From a trained adapter to shippable files (merge, HF→GGUF, quantization); GGUF→HF import is roletune.import_gguf."""
