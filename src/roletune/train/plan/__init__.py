"""The resource planner: memory and time of a LoRA fine-tune, from the model's config.json alone.

- plan.py: `plan(config)` adds it up, `schedule` counts steps as the Trainer does, `render_plan` prints it.
- shape.py: parameter counts and activation bytes per token, traced on the meta device.
- cost.py: the cost model (bytes and FLOPs of a micro-batch) and the FLOP rate this machine achieves.
- memory.py: the GPU's figures, and glibc's heap kept while training on CPU.

It sits below the stage (sft.py imports it) and above the model, the batching and the kernels'
lean layers; it asks whether the compiled kernels are built (kernels/loader.py) and never builds them.
"""
