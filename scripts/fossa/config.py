"""Size settings of a FOSSA network, so that the released models and our reduced test models share one code path.

The released checkpoints use ``config_for("vits")`` and ``config_for("vitb")``; ``tiny`` is the reduced network DefocusJ trains itself and ships as
``builtin:tiny`` (scripts/train_fossa.py), ``micro`` the smallest one, committed as a Java parity fixture.
"""

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Tuple

PATCH = 14  # the backbone's patch edge in pixels; the checkpoints fix it


@dataclass(frozen=True)
class FossaConfig:
    name: str
    embed_dim: int                       # width of the ViT tokens
    depth: int                           # number of ViT blocks
    num_heads: int                       # heads of the ViT self-attention
    head_features: int                   # DPT head width ("features")
    out_channels: Tuple[int, int, int, int]  # DPT projection widths, shallow to deep
    intermediate_layers: Tuple[int, int, int, int]  # blocks whose output feeds the head
    motion_modules: int                  # stack-attention modules, after blocks 0 .. motion_modules-1
    collapse_after: int                  # block after which the stack is averaged away
    input_short_edge: int = 518          # every slice is resized so that its short edge is this long
    pos_grid: int = 37                   # side of the learned square position-embedding grid
    mlp_ratio: float = 4.0
    motion_heads: int = 8                # heads of the stack attention
    motion_groups: int = 32              # GroupNorm groups at the entry of a stack-attention module
    max_depth: float = 1.0               # factor after the head's softplus

    def __post_init__(self):
        problems = []
        if self.embed_dim % self.num_heads:
            problems.append("embed_dim must be a multiple of num_heads")
        if self.embed_dim % self.motion_heads:
            problems.append("embed_dim must be a multiple of motion_heads")
        if self.embed_dim % self.motion_groups:
            problems.append("embed_dim must be a multiple of motion_groups")
        if len(self.out_channels) != 4 or len(self.intermediate_layers) != 4:
            problems.append("the DPT head takes exactly four feature maps")
        if list(self.intermediate_layers) != sorted(set(self.intermediate_layers)):
            problems.append("intermediate_layers must be strictly increasing")
        if any(i < 0 or i >= self.depth for i in self.intermediate_layers):
            problems.append("intermediate_layers must index existing blocks")
        if not 0 < self.motion_modules <= self.collapse_after < self.depth:
            problems.append("need 0 < motion_modules <= collapse_after < depth")
        if self.input_short_edge % PATCH or self.input_short_edge <= 0:
            problems.append("input_short_edge must be a positive multiple of %d" % PATCH)
        if self.pos_grid < 1:
            problems.append("pos_grid must be positive")
        if problems:
            raise ValueError("bad FOSSA config %r: %s" % (self.name, "; ".join(problems)))

    def to_dict(self) -> Dict[str, Any]:
        d = asdict(self)
        d["out_channels"] = list(self.out_channels)
        d["intermediate_layers"] = list(self.intermediate_layers)
        d["patch_size"] = PATCH
        return d

    @staticmethod
    def from_dict(d: Dict[str, Any]) -> "FossaConfig":
        d = dict(d)
        d.pop("patch_size", None)
        d["out_channels"] = tuple(d["out_channels"])
        d["intermediate_layers"] = tuple(d["intermediate_layers"])
        return FossaConfig(**d)


_CONFIGS = {
    # The two released checkpoints (see shared/reference/FOSSA.md).
    "vits": FossaConfig(name="vits", embed_dim=384, depth=12, num_heads=6, head_features=64,
                        out_channels=(48, 96, 192, 384), intermediate_layers=(2, 5, 8, 11),
                        motion_modules=4, collapse_after=4),
    "vitb": FossaConfig(name="vitb", embed_dim=768, depth=12, num_heads=12, head_features=128,
                        out_channels=(96, 192, 384, 768), intermediate_layers=(2, 5, 8, 11),
                        motion_modules=4, collapse_after=4),
    # Reduced networks with the same code.
    # tiny: DefocusJ's own trained model (builtin:tiny), sized to train on 2 CPU cores: 126 px short edge
    # (9 x 9 patches) at 128 px training stacks.
    "tiny": FossaConfig(name="tiny", embed_dim=96, depth=6, num_heads=4, head_features=32,
                        out_channels=(24, 48, 96, 96), intermediate_layers=(1, 2, 4, 5),
                        motion_modules=3, collapse_after=3, input_short_edge=126, pos_grid=9),
    # micro: one block per branch of the stack logic (inside the stack, the collapse block, after it).
    "micro": FossaConfig(name="micro", embed_dim=48, depth=4, num_heads=2, head_features=16,
                         out_channels=(16, 32, 48, 48), intermediate_layers=(0, 1, 2, 3),
                         motion_modules=2, collapse_after=2, input_short_edge=70, pos_grid=5,
                         motion_heads=4, motion_groups=16),
}

ENCODERS = tuple(_CONFIGS)


def config_for(encoder: str) -> FossaConfig:
    """The configuration called ``encoder`` (vits, vitb, tiny or micro)."""
    try:
        return _CONFIGS[encoder]
    except KeyError:
        raise ValueError("unknown FOSSA encoder %r; known: %s" % (encoder, ", ".join(ENCODERS))) from None
