"""The run config's sections: one pydantic model per concern, with every key's type, default and
description (docs/config.md is generated from them). Loading YAML with `--set` overrides, and
comparing two configs, is roletune.config's; import the models from there.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from roletune.roles import ROLE_TABLE, CheckKind


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def _on_off(value: Any) -> Any:
    """YAML 1.1 reads the words off/on as booleans; a thinking policy is the word."""
    return {True: "on", False: "off"}.get(value, value) if isinstance(value, bool) else value


class RunSection(Section):
    name: str | None = Field(None, description="Run name; default: the config file's stem.")
    dir: Path | None = Field(None, description="Run directory; default: runs/<name> under the current directory.")


class RoleSpec(Section):
    system_prompt: str = Field(description="System prompt used in training, evaluation and serving.")
    check: CheckKind = Field(
        description="Check kind that judges this role's answers (docs/data-format.md)."
    )
    temperature: float = Field(0.2, ge=0, le=2, description="Sampling temperature when served.")
    max_tokens: int = Field(384, ge=1, description="Generation budget per answer.")
    # Not written when unset, so a run recorded before this key existed keeps its config hash.
    thinking: Literal["off", "on"] | None = Field(None, exclude_if=lambda v: v is None,
                                                  description="This role's thinking policy; default: model.thinking.")

    _thinking_word = field_validator("thinking", mode="before")(_on_off)


def _default_roles() -> dict[str, RoleSpec]:
    return {
        name: RoleSpec(system_prompt=row.system_prompt, check=row.check, temperature=row.temperature,
                       max_tokens=row.max_tokens)
        for name, row in ROLE_TABLE.items()
    }


DataFormat = Literal["auto", "roletune", "openai", "sharegpt", "alpaca"]


def _unset_when(default: Any):
    """exclude_if for a key added after runs were recorded: left at its default it is not written, so a
    recorded run's config hash (over the whole `data` section) stays the same."""
    return lambda v: v == default


class SystemPromptRole(Section):
    """One row of data.role_by_system_prompt: examples whose system prompt matches get this role."""

    prompt: str = Field(description="The system prompt (exact, after trimming), or a regex with regex: true.")
    role: str = Field(description="The role it means.")
    regex: bool = Field(False, description="Match `prompt` as a regular expression (re.search) instead of exactly.")

    @model_validator(mode="after")
    def _compiles(self) -> "SystemPromptRole":
        if self.regex:
            try:
                re.compile(self.prompt)
            except re.error as exc:
                raise ValueError(f"prompt is not a valid regular expression: {exc}") from None
        return self


class DataConfig(Section):
    files: list[Path] = Field(
        default_factory=list, exclude_if=_unset_when([]),
        description="Example files to pool and split into train/val/test (data.split_ratios); when empty, "
                    "data.train/val/test are the splits. Files named train/val/test.jsonl are taken as those splits.")
    format: DataFormat = Field("auto", exclude_if=_unset_when("auto"),
                               description="Format of the example files; auto detects it per file (docs/data-format.md).")
    role_field: list[str] = Field(
        default_factory=lambda: ["role", "agent"], exclude_if=_unset_when(["role", "agent"]),
        description="Keys of a line (openai/sharegpt/alpaca) that name its agent role; the first present wins.")
    role_by_system_prompt: list[SystemPromptRole] = Field(
        default_factory=list, exclude_if=_unset_when([]),
        description="Rows {prompt, role, regex}: the role of a line with no role field, by its system prompt "
                    "(each role's own system_prompt matches it exactly too).")
    default_role: str | None = Field(None, exclude_if=_unset_when(None),
                                     description="Role of examples no field or system prompt assigns; unset: an error.")
    split_ratios: tuple[float, float, float] = Field(
        (0.8, 0.1, 0.1), exclude_if=_unset_when((0.8, 0.1, 0.1)),
        description="Shares of train, val and test when data.files is split (role-stratified, deterministic).")
    train: Path = Field(Path("agents/train.jsonl"), description="Training split (JSONL), relative to the config file.")
    val: Path = Field(Path("agents/val.jsonl"), description="Validation split: early stopping and parity prompts.")
    test: Path = Field(Path("agents/test.jsonl"), description="Held-out test split: evaluation only.")
    max_length: int = Field(2048, ge=16, description="Longest rendered example in tokens; longer ones are errors.")
    balance: Literal["none", "upsample"] = Field("none", description="Upsample minority roles in train (never val/test).")
    balance_floor: float = Field(0.10, gt=0, lt=1, description="With balance=upsample: minimum share of each role in train.")
    near_duplicate_threshold: float = Field(
        0.9, gt=0, le=1, description="Similarity of user prompts above which two examples count as near-duplicates."
    )
    # Not written when off, so a run recorded before this key existed keeps its config hash.
    augment: bool = Field(False, exclude_if=lambda v: not v,
                          description="Add the verified paraphrases of the `augment` stage to train (settings: augment.*).")

    _role_fields = field_validator("role_field", mode="before")(lambda v: [v] if isinstance(v, str) else v)

    @field_validator("split_ratios")
    @classmethod
    def _ratios(cls, v: tuple[float, float, float]) -> tuple[float, float, float]:
        if any(r <= 0 for r in v) or abs(sum(v) - 1) > 1e-6:
            raise ValueError(f"three positive shares (train, val, test) that sum to 1, e.g. [0.8, 0.1, 0.1]; got {list(v)}")
        return v


class AugmentConfig(Section):
    """Verified paraphrases of train examples by a teacher model (roletune.augment; docs/data-format.md)."""

    roles: list[str] = Field(default_factory=lambda: ["researcher", "coordinator"], description="Roles whose train examples are paraphrased (val/test never are).")
    n: int = Field(2, ge=1, le=32, description="Paraphrases asked for per example.")
    url: str | None = Field(None, description="Teacher: an OpenAI-compatible endpoint (…/v1); default: the base model served by roletune's llama-server.")
    model: str | None = Field(None, description="Model name sent to augment.url.")
    api_key_env: str = Field("ROLETUNE_TEACHER_KEY", description="Environment variable holding augment.url's API key, if it needs one.")
    gguf: Path | None = Field(None, description="Without augment.url: serve this GGUF as the teacher instead of the base model.")
    prompt: Path | None = Field(None, description="Paraphrase prompt template ({task}, {role}); default: the shipped roletune/augment/prompt.md.")
    answers: bool = Field(False, description="Also have the teacher answer each kept paraphrase; its answer replaces the reference only if the check passes.")
    temperature: float = Field(0.8, ge=0, le=2, description="Teacher sampling temperature for paraphrases (answers use the role's).")
    max_tokens: int = Field(256, ge=16, description="Teacher generation budget per request (a paraphrase over max_length_ratio is rejected anyway).")
    seed: int = Field(0, description="Seed of the teacher's sampling; part of the cache key.")
    parallel: int = Field(2, ge=1, description="Requests in flight at once (llama-server slots when roletune serves the teacher).")
    min_length_ratio: float = Field(0.5, gt=0, le=1, description="Shortest paraphrase kept, in words, relative to the original.")
    max_length_ratio: float = Field(2.0, ge=1, description="Longest paraphrase kept, in words, relative to the original.")
    min_overlap: float = Field(0.5, ge=0, le=1, description="Least share of the original's content words (by stem) a paraphrase keeps: off-topic text is rejected.")


class ModelConfig(Section):
    base: str = Field("smollm2-135m-instruct", description="Registry name (see `roletune import-gguf --help`) or a local HF model directory.")
    trust_remote_code: bool = Field(False, description="Allow the model's own Python code to run. Off unless you trust it.")
    thinking: Literal["off", "on"] = Field(
        "off", description="Reasoning: off renders every prompt with the template's own switch off (Qwen3 "
                           "enable_thinking=False) and trains answers only; on trains reasoning where the data has it "
                           "and separates the think block before judging. Ignored by templates without a switch.")

    _thinking_word = field_validator("thinking", mode="before")(_on_off)


class LoraConfig(Section):
    r: int = Field(16, ge=1, description="LoRA rank.")
    alpha: int = Field(32, ge=1, description="LoRA alpha (scale = alpha / r).")
    dropout: float = Field(0.1, ge=0, lt=1, description="LoRA dropout.")
    target_modules: list[str] = Field(
        default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
        description="Module names that get adapters.",
    )


class TrainConfig(Section):
    lr: float = Field(2e-5, gt=0, description="Peak learning rate.")
    weight_decay: float = Field(0.01, ge=0, description="AdamW weight decay.")
    epochs: float = Field(3, gt=0, description="Training epochs (upper bound; early stopping may end sooner).")
    max_steps: int | None = Field(None, ge=1, description="Optimizer steps; overrides epochs when set.")
    batch_size: int = Field(2, ge=1, description="Examples per device per micro-batch.")
    grad_accum: int = Field(16, ge=1, description="Micro-batches per optimizer step.")
    scheduler: Literal["cosine", "linear", "constant"] = Field("cosine", description="Learning-rate schedule after warm-up.")
    warmup_ratio: float = Field(0.03, ge=0, lt=1, description="Share of steps spent warming up.")
    eval_steps: int | None = Field(None, ge=1, description="Evaluate on val every N steps; default: each epoch and at least min_evals times.")
    min_evals: int = Field(4, ge=1, description="Least number of validation evaluations per run.")
    early_stopping_patience: int = Field(2, ge=1, description="Stop after this many evaluations without a lower val loss.")
    precision: Literal["auto", "fp32", "bf16", "fp16"] = Field("auto", description="auto: fp32 on CPU, bf16 on a GPU that has it.")
    threads: int | None = Field(None, ge=1, description="CPU threads for torch; default: all cores.")
    gradient_checkpointing: bool = Field(False, description="Trade compute for activation memory.")
    group_by_length: bool = Field(True, description="Batch examples of similar length (dynamic padding).")
    save_steps: int | None = Field(None, ge=1, description="Checkpoint every N steps; default: at each evaluation.")
    keep_checkpoints: int = Field(2, ge=1, description="Checkpoints kept besides the best.")
    seed: int = Field(42, description="Seed for data order, dropout and initialisation.")
    report_to: list[Literal["tensorboard", "mlflow"]] = Field(default_factory=list, description="Extra trackers.")
    nproc: int = Field(1, ge=1, description="Processes for DDP (gloo on CPU, NCCL on GPU).")
    nnodes: int = Field(1, ge=1, description="Machines training together (docs/training.md); each runs the same command with its own train.node_rank.")
    node_rank: int = Field(0, ge=0, description="This machine's rank among train.nnodes; node 0 hosts the rendezvous and writes the run directory.")
    rdzv: str | None = Field(None, description="host:port of the rendezvous on node 0 that every node reaches (train.nnodes > 1).")
    network_gbps: float = Field(10.0, gt=0, description="Bandwidth between nodes the plan assumes for the gradient all-reduce, Gbit/s.")

    @model_validator(mode="after")
    def _nodes(self) -> "TrainConfig":
        if self.node_rank >= self.nnodes:
            raise ValueError(f"train.node_rank {self.node_rank} is out of range for train.nnodes {self.nnodes} "
                             f"(0 to {self.nnodes - 1})")
        if self.rdzv is not None:
            host, _, port = self.rdzv.rpartition(":")
            if not host or not port.isdigit() or not 0 < int(port) < 65536:
                raise ValueError(f"train.rdzv {self.rdzv!r} is not host:port (e.g. 10.0.0.1:29500, node 0's address)")
        return self

    def rdzv_endpoint(self) -> tuple[str, int]:
        """(host, port) of train.rdzv (checked by the validator)."""
        host, _, port = (self.rdzv or "").rpartition(":")
        return host.strip("[]"), int(port)


class ExportConfig(Section):
    outtype: Literal["f32", "f16", "bf16"] = Field("f16", description="Type of the converted (unquantized) GGUF.")
    quant_types: list[str] = Field(
        default_factory=lambda: ["Q4_K_M", "Q5_K_M", "Q8_0"],
        description="llama.cpp quantization types; the first is the primary candidate.",
    )
    imatrix: bool = Field(False, description="Compute an importance matrix from the training data for quantization.")
    imatrix_tokens: int = Field(32768, ge=512, description="Training tokens run through the fine-tune for the importance matrix.")


class VerifyConfig(Section):
    samples: int = Field(8, ge=1, description="Val prompts used for logit parity and KL divergence.")
    max_token_mismatches: int = Field(0, ge=0, description="Texts whose tokenization may differ from transformers'.")
    max_abs_logit_diff_f32: float = Field(1e-3, gt=0, description="F32 GGUF vs transformers fp32: max |Δlogit|.")
    max_abs_logit_diff_f16: float = Field(
        0.15, gt=0, description="F16 GGUF vs transformers fp32: max |Δlogit| (llama.cpp rounds activations to f16; SmolLM2: 0.07).")
    max_abs_logit_diff_bf16: float = Field(1.0, gt=0, description="BF16 GGUF vs transformers fp32: max |Δlogit| (SmolLM2: 0.51).")
    min_top1_agreement: float = Field(0.98, ge=0, le=1, description="Share of positions with the same argmax (F16/F32).")
    max_mean_kld: float = Field(0.5, gt=0, description="Mean KL divergence of a quantized file vs F16.")


class EvalConfig(Section):
    max_tokens: int | None = Field(None, ge=1, description="Generation budget; default: each role's max_tokens.")
    threads: int | None = Field(None, ge=1, description="llama-server decode threads; default: train.threads, else all cores.")
    n_ctx: int = Field(4096, ge=256, description="Context window per prompt during evaluation.")
    parallel: int = Field(4, ge=1, description="Prompts answered at once (llama-server slots, decoded in one batch), as agents would send them.")
    smoke_samples: int = Field(12, ge=0, description="Val prompts in the smoke test before full evaluation.")
    smoke_min_pass: float = Field(0.75, ge=0, le=1, description="Share of smoke answers a fine-tuned candidate must get clean.")
    include_base: bool = Field(True, description="Also evaluate the base model, converted the same way.")
    workers: int = Field(2, ge=1, description="Parallel sandbox checks (and judge requests).")
    check_timeout_s: float = Field(10.0, gt=0, description="Wall-clock limit per sandboxed check.")
    limit: int | None = Field(None, ge=1, description="Evaluate only the first N test examples (quick runs).")
    # The judge of examples without a `check` (docs/judges.md). Each key is written only when it differs from
    # its default, so runs recorded before the judges existed keep their config hash.
    judge: Literal["reference", "command", "llm"] = Field("reference", exclude_if=lambda v: v == "reference", description="How answers of examples without a check are judged: reference (chrF similarity, a diagnostic that never gates), command, llm.")
    judge_command: list[str] | None = Field(None, exclude_if=lambda v: v is None, description="judge=command: the program (argv list, or a string split like a shell) that reads {example, answer} JSON on stdin and exits 0 for a pass.")
    judge_timeout_s: float = Field(30.0, gt=0, exclude_if=lambda v: v == 30.0, description="judge=command: wall-clock limit per judged answer in the sandbox.")
    judge_memory_mb: int = Field(1024, ge=64, exclude_if=lambda v: v == 1024, description="judge=command: address-space limit per process in the sandbox, MiB.")
    judge_url: str | None = Field(None, exclude_if=lambda v: v is None, description="judge=llm: base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1.")
    judge_model: str | None = Field(None, exclude_if=lambda v: v is None, description="judge=llm: the model id to ask (typically the production model).")
    judge_api_key_env: str = Field("ROLETUNE_JUDGE_API_KEY", exclude_if=lambda v: v == "ROLETUNE_JUDGE_API_KEY", description="judge=llm: environment variable holding the API key (unset: no key is sent).")
    judge_prompt: Path | None = Field(None, exclude_if=lambda v: v is None, description="judge=llm: your rubric prompt file (placeholders {{role}} {{conversation}} {{reference}} {{answer}}); default: roletune's.")
    judge_max_tokens: int = Field(1024, ge=16, exclude_if=lambda v: v == 1024, description="judge=llm: token budget of one verdict (reasoning included).")
    judge_json_schema: bool = Field(True, exclude_if=lambda v: v is True, description="judge=llm: ask for the verdict with response_format json_schema (turn off for servers that reject it).")

    @field_validator("judge_command", mode="before")
    @classmethod
    def _split_command(cls, value: Any) -> Any:
        return shlex.split(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _judge_complete(self) -> "EvalConfig":
        needs = {"command": ("judge_command",), "llm": ("judge_url", "judge_model")}.get(self.judge, ())
        missing = [k for k in needs if not getattr(self, k)]
        if missing:
            raise ValueError(f"judge is {self.judge} but {' and '.join('eval.' + k for k in missing)} "
                             f"{'is' if len(missing) == 1 else 'are'} not set: set {'them' if len(missing) > 1 else 'it'}"
                             " (docs/judges.md), or choose another eval.judge")
        return self


class BaselineConfig(Section):
    name: str = Field("production", description="What the baseline is.")
    success: float = Field(0.987, ge=0, le=1, description="Success rate of the model in production.")
    mean_latency_s: float = Field(20.1, gt=0, description="Its mean latency per answer.")
    size_gb: float = Field(31.0, gt=0, description="Its size.")


class GateConfig(Section):
    deploy_min_success: float = Field(0.98, ge=0, le=1, description="Deploy at success at or above this.")
    deploy_max_latency_s: float = Field(12.0, gt=0, description="Deploy at mean latency below this.")
    abort_min_success: float = Field(0.95, ge=0, le=1, description="Abort below this success.")
    abort_max_latency_s: float = Field(15.0, gt=0, description="Abort above this mean latency.")
    max_role_regression: float = Field(0.0, ge=0, le=1, description="Largest allowed drop of a role's success vs the base.")
    relative_to_base: bool = Field(False, description="Judge success as a gain over the base model (small models) instead of absolutely.")
    deploy_min_gain: float = Field(0.0, ge=-1, le=1, description="With relative_to_base: deploy at a gain over the base of at least this.")
    abort_min_gain: float = Field(-0.05, ge=-1, le=1, description="With relative_to_base: abort below this gain over the base.")
    max_quant_loss: float = Field(0.01, ge=0, le=1, description="Largest success a quantized file may lose vs the fine-tuned F16.")
    significance: float = Field(0.05, gt=0, lt=1, description="Level at which the paired McNemar test vs the base "
                                "is called significant in the reasons (the thresholds still decide).")
    baseline: BaselineConfig = Field(default_factory=BaselineConfig)

    @model_validator(mode="after")
    def _ordered(self) -> "GateConfig":
        if self.abort_min_success > self.deploy_min_success:
            raise ValueError("abort_min_success must not exceed deploy_min_success")
        if self.abort_min_gain > self.deploy_min_gain:
            raise ValueError("abort_min_gain must not exceed deploy_min_gain")
        if self.abort_max_latency_s < self.deploy_max_latency_s:
            raise ValueError("abort_max_latency_s must not be below deploy_max_latency_s")
        return self


class ServeConfig(Section):
    host: str = Field("127.0.0.1", description="Bind address; loopback unless you mean otherwise.")
    port: int = Field(8080, ge=1, le=65535, description="Port.")
    parallel: int = Field(4, ge=1, description="Agents answered at once: llama-server slots, decoded together in one batch (continuous batching).")
    threads: int | None = Field(None, ge=1, description="llama-server decode threads; default: all cores.")
    queue: int = Field(16, ge=0, description="Requests waiting beyond the busy slots before 503 with Retry-After.")
    n_ctx: int = Field(4096, ge=256, description="Context window per slot.")
    max_tokens_cap: int = Field(2048, ge=1, description="Upper bound on a request's max_tokens.")
    api_key_env: str = Field("ROLETUNE_API_KEY", description="Environment variable holding the API key, if any.")
    max_body_bytes: int = Field(1 << 20, ge=1024, description="Largest request body accepted (413 above).")


class Config(Section):
    """Everything a run needs, one section per concern."""

    run: RunSection = Field(default_factory=RunSection)
    data: DataConfig = Field(default_factory=DataConfig)
    roles: dict[str, RoleSpec] = Field(default_factory=_default_roles, description="Agent roles by name.")
    model: ModelConfig = Field(default_factory=ModelConfig)
    lora: LoraConfig = Field(default_factory=LoraConfig)
    train: TrainConfig = Field(default_factory=TrainConfig)
    export: ExportConfig = Field(default_factory=ExportConfig)
    verify: VerifyConfig = Field(default_factory=VerifyConfig)
    eval: EvalConfig = Field(default_factory=EvalConfig)
    gate: GateConfig = Field(default_factory=GateConfig)
    serve: ServeConfig = Field(default_factory=ServeConfig)
    augment: AugmentConfig = Field(default_factory=AugmentConfig)

    # Where the config came from: relative data paths resolve against it. Not part of the hash.
    source: Path | None = Field(None, exclude=True, description="The YAML file this config was loaded from.")

    @model_validator(mode="after")
    def _data_roles_known(self) -> "Config":
        named = [("data.default_role", self.data.default_role)] + [
            (f"data.role_by_system_prompt.{i}.role", row.role) for i, row in enumerate(self.data.role_by_system_prompt)]
        for key, role in named:
            if role is not None and role not in self.roles:
                raise ValueError(f"{key}: unknown role {role!r}; roles: {', '.join(self.roles)}")
        return self

    @field_validator("roles")
    @classmethod
    def _roles_known_checks(cls, roles: dict[str, RoleSpec]) -> dict[str, RoleSpec]:
        if not roles:
            raise ValueError("at least one role is needed")
        return roles

    # -- derived values -------------------------------------------------------------------------

    def thinking_for(self, role: str | None) -> str:
        """The thinking policy of `role` (its own, else model.thinking); model.thinking for None or an unknown role."""
        spec = self.roles.get(role) if role is not None else None
        return spec.thinking if spec is not None and spec.thinking is not None else self.model.thinking

    @property
    def base_dir(self) -> Path:
        return self.source.parent if self.source else Path.cwd()

    def resolve_path(self, p: Path) -> Path:
        return p if p.is_absolute() else (self.base_dir / p).resolve()

    @property
    def run_name(self) -> str:
        return self.run.name or (self.source.stem if self.source else "run")

    def run_dir(self) -> Path:
        return (self.run.dir if self.run.dir else Path("runs") / self.run_name).resolve()

    def get(self, dotted: str) -> Any:
        """The value at a dotted key, e.g. `train.lr` (KeyError if there is none)."""
        node: Any = self
        for part in dotted.split("."):
            if isinstance(node, BaseModel):
                if part not in type(node).model_fields:
                    raise KeyError(dotted)
                node = getattr(node, part)
            elif isinstance(node, dict):
                node = node[part]
            else:
                raise KeyError(dotted)
        return node

    def subset(self, keys: Iterable[str]) -> dict[str, Any]:
        """JSON-able values of the given dotted keys, for hashing and for saying what changed."""
        out = {}
        for key in sorted(keys):
            value = self.get(key)
            out[key] = value.model_dump(mode="json") if isinstance(value, BaseModel) else _jsonable(value)
        return out

    def hash_of(self, keys: Iterable[str]) -> str:
        blob = json.dumps(self.subset(keys), sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False, allow_unicode=True, width=100)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Path):
        return str(value)
    return value


