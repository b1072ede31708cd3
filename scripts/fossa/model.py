"""Our PyTorch implementation of the FOSSA depth-from-defocus network.

Written from the published description (shared/reference/FOSSA.md) and the released checkpoints' tensor
listings; only the parameter names follow the checkpoints, because weights load by name.

Data flow of ``FossaNet.forward(x, fd)``::

    x (B, N, 3, H, W) RGB in [0, 1]        fd (B, N) canonical focus distances
      -> ImageNet normalisation, resize to short edge S (multiples of 14)
      -> ViT backbone; after blocks 0 .. M-1 a stack-attention module mixes each patch location across the N
         slices (focus distance embedding added); after block `collapse_after` the N maps are averaged
      -> four intermediate token maps -> DPT head -> softplus -> resize to (H, W) -> ReLU
      -> (B, H, W) canonical depth

Everything here is TorchScript-compatible (``torch.jit.script``) on PyTorch 1.13 and 2.x, so an exported
model accepts any image size and any stack size.
"""

import math
from typing import List, Optional

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .config import PATCH, FossaConfig

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
POS_INTERP_OFFSET = 0.1  # DINOv2's nudge to the target grid size when interpolating the position table


# --------------------------------------------------------------------------------------------------------------
# ViT backbone pieces (DINOv2 layout)
# --------------------------------------------------------------------------------------------------------------

class PatchProjection(nn.Module):
    """Cuts an image into PATCH x PATCH squares and maps each to one token: (B, 3, H, W) -> (B, H*W/PATCH^2, D)."""

    def __init__(self, dim: int):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, kernel_size=PATCH, stride=PATCH)

    def forward(self, images: Tensor) -> Tensor:
        return self.proj(images).flatten(2).transpose(1, 2)


class TokenSelfAttention(nn.Module):
    """Multi-head self-attention over the tokens of one image; one fused q/k/v projection with bias."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.head_dim = dim // heads
        self.scale = self.head_dim ** -0.5
        self.qkv = nn.Linear(dim, 3 * dim, bias=True)
        self.proj = nn.Linear(dim, dim)

    def _attend(self, q: Tensor, k: Tensor, v: Tensor) -> Tensor:
        return torch.matmul(torch.matmul(q * self.scale, k.transpose(-2, -1)).softmax(dim=-1), v)

    def forward(self, tokens: Tensor) -> Tensor:
        batch, length, dim = tokens.size(0), tokens.size(1), tokens.size(2)
        # (batch, heads, length, head_dim) each; unbind keeps the backward pass free of zero-filled copies.
        q, k, v = self.qkv(tokens).reshape(batch, length, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4).unbind(0)
        if torch.jit.is_tracing():
            # A traced loop bound is a constant, so the ONNX graph cannot chunk the images (their count is
            # dynamic): it takes one head at a time instead (a fixed count), the (batch, 1, L, L) scores of the
            # whole stack. All heads at once held ViT-S's peak RSS in ONNX Runtime at 1.85 GB, one head at a time at
            # 0.85 GB (5 x 518 x 777; libtorch 1.38 GB; README, FOSSA inference).
            mixed = [self._attend(q[:, h:h + 1], k[:, h:h + 1], v[:, h:h + 1]) for h in range(self.heads)]
            out = torch.cat(mixed, 1)
        else:
            # Images in chunks so the (chunk, heads, L, L) score tensor stays near 64 M floats: a whole stack at
            # 518 px at once would take gigabytes, one image at a time is slow to train.
            chunk = max(1, (1 << 26) // max(1, self.heads * length * length))
            mixed = [self._attend(q[start:start + chunk], k[start:start + chunk], v[start:start + chunk])
                     for start in range(0, batch, chunk)]
            out = torch.cat(mixed, 0)
        out = out.transpose(1, 2).reshape(batch, length, dim)
        return self.proj(out)


class ChannelScale(nn.Module):
    """LayerScale: multiplies every channel by a learned factor."""

    def __init__(self, dim: int):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(dim))

    def forward(self, x: Tensor) -> Tensor:
        return x * self.gamma


class TokenMLP(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: Tensor) -> Tensor:
        return self.fc2(self.act(self.fc1(x)))


class ViTBlock(nn.Module):
    """Pre-norm transformer block: x + ls1(attn(norm1 x)), then x + ls2(mlp(norm2 x))."""

    def __init__(self, dim: int, heads: int, mlp_ratio: float):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = TokenSelfAttention(dim, heads)
        self.ls1 = ChannelScale(dim)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = TokenMLP(dim, int(dim * mlp_ratio))
        self.ls2 = ChannelScale(dim)

    def forward(self, x: Tensor) -> Tensor:
        x = x + self.ls1(self.attn(self.norm1(x)))
        return x + self.ls2(self.mlp(self.norm2(x)))


# --------------------------------------------------------------------------------------------------------------
# Stack attention ("motion module"): attention across the N slices at each patch location
# --------------------------------------------------------------------------------------------------------------

class FocusDistanceEmbedding(nn.Module):
    """Maps each slice's focus distance to a D-vector, times a learned scalar: scale * MLP(fd), MLP 1 -> 4D -> D."""

    def __init__(self, dim: int):
        super().__init__()
        self.scale = nn.Parameter(torch.tensor(1.0))
        self.mlp = nn.Sequential(nn.Linear(1, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, fd: Tensor) -> Tensor:
        """fd (B, N) -> (B, N, D)."""
        return self.scale * self.mlp(fd.unsqueeze(-1))


class SliceAttention(nn.Module):
    """Self-attention along the stack axis. Input (B*L, N, D): for each of the L patch locations of each of the B
    stacks, a sequence of N slice tokens. The focus-distance embedding is added to the (already normalised)
    tokens before q, k and v are taken."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.head_dim = dim // heads
        self.scale = self.head_dim ** -0.5
        self.to_q = nn.Linear(dim, dim, bias=False)
        self.to_k = nn.Linear(dim, dim, bias=False)
        self.to_v = nn.Linear(dim, dim, bias=False)
        self.to_out = nn.ModuleList([nn.Linear(dim, dim)])
        self.fd_encoder = FocusDistanceEmbedding(dim)

    def split_heads(self, t: Tensor) -> Tensor:
        return t.reshape(t.size(0), t.size(1), self.heads, self.head_dim).permute(0, 2, 1, 3)

    def forward(self, seq: Tensor, fd: Tensor) -> Tensor:
        n_stack, n_slices = fd.size(0), fd.size(1)
        rows, dim = seq.size(0), seq.size(2)
        emb = self.fd_encoder(fd)  # (B, N, D), the same for every patch location of a stack
        seq = (seq.reshape(n_stack, rows // n_stack, n_slices, dim) + emb.unsqueeze(1)).reshape(rows, n_slices, dim)
        q = self.split_heads(self.to_q(seq))
        k = self.split_heads(self.to_k(seq))
        v = self.split_heads(self.to_v(seq))
        weights = (torch.matmul(q, k.transpose(-2, -1)) * self.scale).softmax(dim=-1)
        out = torch.matmul(weights, v).permute(0, 2, 1, 3).reshape(rows, n_slices, dim)
        for layer in self.to_out:
            out = layer(out)
        return out


class GegluProjection(nn.Module):
    """Linear to 2*hidden, split into value and gate halves (value first): value * GELU(gate)."""

    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.proj = nn.Linear(dim, 2 * hidden)

    def forward(self, x: Tensor) -> Tensor:
        value, gate = self.proj(x).chunk(2, dim=-1)
        return value * F.gelu(gate)


class GatedFeedForward(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        # index 1 is a parameter-free slot (dropout in training), kept so the output layer is called net.2
        self.net = nn.Sequential(GegluProjection(dim, 4 * dim), nn.Identity(), nn.Linear(4 * dim, dim))

    def forward(self, x: Tensor) -> Tensor:
        return self.net(x)


class SliceTransformerBlock(nn.Module):
    """Two pre-LayerNorm slice-attention sub-blocks, then a pre-LayerNorm GEGLU feed-forward; all residual."""

    def __init__(self, dim: int, heads: int, n_attention: int = 2):
        super().__init__()
        self.attention_blocks = nn.ModuleList([SliceAttention(dim, heads) for _ in range(n_attention)])
        self.norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(n_attention)])
        self.ff = GatedFeedForward(dim)
        self.ff_norm = nn.LayerNorm(dim)

    def forward(self, seq: Tensor, fd: Tensor) -> Tensor:
        for k, attention in enumerate(self.attention_blocks):
            for m, norm in enumerate(self.norms):
                if m == k:
                    seq = seq + attention(norm(seq), fd)
        return seq + self.ff(self.ff_norm(seq))


class SliceTransformer(nn.Module):
    """GroupNorm (per slice, over channels and patch locations) -> proj_in -> slice transformer -> proj_out,
    added back to the input."""

    def __init__(self, dim: int, heads: int, groups: int):
        super().__init__()
        self.norm = nn.GroupNorm(groups, dim, eps=1e-6, affine=True)
        self.proj_in = nn.Linear(dim, dim)
        self.transformer_blocks = nn.ModuleList([SliceTransformerBlock(dim, heads)])
        self.proj_out = nn.Linear(dim, dim)

    def forward(self, patches: Tensor, fd: Tensor) -> Tensor:
        """patches (B*N, L, D), slice-major within each stack; fd (B, N). Returns the same shape."""
        n_stack, n_slices = fd.size(0), fd.size(1)
        length, dim = patches.size(1), patches.size(2)
        h = self.norm(patches.transpose(1, 2)).transpose(1, 2)
        h = self.proj_in(h)
        # regroup so that each row is one patch location's sequence over the stack: (B*L, N, D)
        h = h.reshape(n_stack, n_slices, length, dim).transpose(1, 2).reshape(n_stack * length, n_slices, dim)
        for block in self.transformer_blocks:
            h = block(h, fd)
        h = self.proj_out(h)
        h = h.reshape(n_stack, length, n_slices, dim).transpose(1, 2).reshape(n_stack * n_slices, length, dim)
        return patches + h


class StackAttentionModule(nn.Module):
    def __init__(self, dim: int, heads: int, groups: int):
        super().__init__()
        self.temporal_transformer = SliceTransformer(dim, heads, groups)

    def forward(self, patches: Tensor, fd: Tensor) -> Tensor:
        return self.temporal_transformer(patches, fd)


class FocusStackEncoder(nn.Module):
    """The ViT backbone with stack attention and stack collapse; returns the normalised patch tokens of the four
    intermediate blocks, one (B, L, D) map per stack."""

    def __init__(self, cfg: FossaConfig):
        super().__init__()
        dim = cfg.embed_dim
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, 1 + cfg.pos_grid * cfg.pos_grid, dim))
        self.mask_token = nn.Parameter(torch.zeros(1, dim))  # used in pre-training only; kept for loading
        self.patch_embed = PatchProjection(dim)
        self.blocks = nn.ModuleList([ViTBlock(dim, cfg.num_heads, cfg.mlp_ratio) for _ in range(cfg.depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.motion_modules = nn.ModuleList(
            [StackAttentionModule(dim, cfg.motion_heads, cfg.motion_groups) for _ in range(cfg.motion_modules)])
        self.collapse_after = cfg.collapse_after
        self.patch = PATCH
        self.pos_offset = POS_INTERP_OFFSET
        self.taken_layers: List[int] = list(cfg.intermediate_layers)

    def position_table(self, grid_h: int, grid_w: int) -> Tensor:
        """Position embedding for a grid_h x grid_w patch grid (class token first): the learned square table,
        bicubically rescaled unless the grid is that square."""
        n_table = self.pos_embed.size(1) - 1
        side = math.sqrt(float(n_table))
        if torch.jit.is_tracing():
            return traced_position_table(self.pos_embed, grid_h, grid_w, self.pos_offset)
        if grid_h * grid_w == n_table and grid_h == grid_w:
            return self.pos_embed
        dim = self.pos_embed.size(2)
        table = self.pos_embed[:, 1:].reshape(1, int(side), int(side), dim).permute(0, 3, 1, 2)
        # DINOv2 convention: scale factors (grid + 0.1) / side, so floor(side * factor) lands on the grid size
        factors = [(float(grid_h) + self.pos_offset) / side, (float(grid_w) + self.pos_offset) / side]
        table = F.interpolate(table, scale_factor=factors, mode="bicubic", align_corners=False)
        if table.size(2) != grid_h or table.size(3) != grid_w:
            raise RuntimeError("position-table interpolation produced the wrong grid size")
        table = table.permute(0, 2, 3, 1).reshape(1, grid_h * grid_w, dim)
        return torch.cat([self.pos_embed[:, :1], table], dim=1)

    def forward(self, images: Tensor, fd: Tensor) -> List[Tensor]:
        """images (B*N, 3, H, W), normalised, H and W multiples of PATCH; fd (B, N)."""
        n_stack, n_slices = fd.size(0), fd.size(1)
        grid_h, grid_w = images.size(2) // self.patch, images.size(3) // self.patch
        patches = self.patch_embed(images)
        tokens = torch.cat([self.cls_token.expand(patches.size(0), -1, -1), patches], dim=1)
        tokens = tokens + self.position_table(grid_h, grid_w)
        length, dim = tokens.size(1), tokens.size(2)

        taken: List[Tensor] = []
        for i, block in enumerate(self.blocks):
            tokens = block(tokens)
            if i < self.collapse_after:
                # still one token map per slice
                for j, module in enumerate(self.motion_modules):
                    if j == i:
                        mixed = module(tokens[:, 1:], fd)
                        tokens = torch.cat([tokens[:, :1], mixed], dim=1)
                if i in self.taken_layers:
                    # the head sees the stack average (class token dropped: the head does not use it)
                    taken.append(tokens[:, 1:].reshape(n_stack, n_slices, length - 1, dim).mean(dim=1))
            else:
                if i == self.collapse_after:
                    tokens = tokens.reshape(n_stack, n_slices, length, dim).mean(dim=1)
                if i in self.taken_layers:
                    taken.append(tokens[:, 1:])
        return [self.norm(t) for t in taken]


# --------------------------------------------------------------------------------------------------------------
# DPT head (Depth Anything v2 layout)
# --------------------------------------------------------------------------------------------------------------

class ResidualConv(nn.Module):
    """x + conv2(relu(conv1(relu(x))))."""

    def __init__(self, features: int):
        super().__init__()
        self.conv1 = nn.Conv2d(features, features, 3, padding=1)
        self.conv2 = nn.Conv2d(features, features, 3, padding=1)

    def forward(self, x: Tensor) -> Tensor:
        return x + self.conv2(F.relu(self.conv1(F.relu(x))))


class FusionStage(nn.Module):
    """RefineNet fusion: (coarser path [+ residual(skip)]) -> residual -> bilinear resize -> 1x1 conv."""

    def __init__(self, features: int):
        super().__init__()
        self.out_conv = nn.Conv2d(features, features, 1)
        self.resConfUnit1 = ResidualConv(features)
        self.resConfUnit2 = ResidualConv(features)

    def forward(self, path: Tensor, skip: Optional[Tensor], size: List[int]) -> Tensor:
        if skip is not None:
            path = path + self.resConfUnit1(skip)
        path = self.resConfUnit2(path)
        path = F.interpolate(path, size=size, mode="bilinear", align_corners=True)
        return self.out_conv(path)


class HeadScratch(nn.Module):
    def __init__(self, in_channels: List[int], features: int):
        super().__init__()
        self.layer1_rn = nn.Conv2d(in_channels[0], features, 3, padding=1, bias=False)
        self.layer2_rn = nn.Conv2d(in_channels[1], features, 3, padding=1, bias=False)
        self.layer3_rn = nn.Conv2d(in_channels[2], features, 3, padding=1, bias=False)
        self.layer4_rn = nn.Conv2d(in_channels[3], features, 3, padding=1, bias=False)
        self.refinenet1 = FusionStage(features)
        self.refinenet2 = FusionStage(features)
        self.refinenet3 = FusionStage(features)
        self.refinenet4 = FusionStage(features)
        self.output_conv1 = nn.Conv2d(features, features // 2, 3, padding=1)
        self.output_conv2 = nn.Sequential(
            nn.Conv2d(features // 2, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 1, 1), nn.Softplus())


class DepthHead(nn.Module):
    """Four token maps at 1/14 resolution -> pyramid at 4x, 2x, 1x and 0.5x -> RefineNet fusion -> depth map at
    the (resized) input resolution."""

    def __init__(self, dim: int, features: int, out_channels: List[int]):
        super().__init__()
        self.projects = nn.ModuleList([nn.Conv2d(dim, c, 1) for c in out_channels])
        self.resize_layers = nn.ModuleList([
            nn.ConvTranspose2d(out_channels[0], out_channels[0], kernel_size=4, stride=4),
            nn.ConvTranspose2d(out_channels[1], out_channels[1], kernel_size=2, stride=2),
            nn.Identity(),
            nn.Conv2d(out_channels[3], out_channels[3], kernel_size=3, stride=2, padding=1),
        ])
        self.scratch = HeadScratch(out_channels, features)
        self.patch = PATCH

    def forward(self, maps: List[Tensor], grid_h: int, grid_w: int) -> Tensor:
        levels: List[Tensor] = []
        for k, project in enumerate(self.projects):
            t = maps[k]
            x = project(t.transpose(1, 2).reshape(t.size(0), t.size(2), grid_h, grid_w))
            for m, resize in enumerate(self.resize_layers):
                if m == k:
                    x = resize(x)
            levels.append(x)
        s = self.scratch
        l1, l2 = s.layer1_rn(levels[0]), s.layer2_rn(levels[1])
        l3, l4 = s.layer3_rn(levels[2]), s.layer4_rn(levels[3])
        path = s.refinenet4(l4, None, [l3.size(2), l3.size(3)])
        path = s.refinenet3(path, l3, [l2.size(2), l2.size(3)])
        path = s.refinenet2(path, l2, [l1.size(2), l1.size(3)])
        path = s.refinenet1(path, l1, [2 * l1.size(2), 2 * l1.size(3)])
        out = s.output_conv1(path)
        out = bilinear_resize(out, [grid_h * self.patch, grid_w * self.patch])
        return s.output_conv2(out)


# --------------------------------------------------------------------------------------------------------------
# The whole network
# --------------------------------------------------------------------------------------------------------------

@torch.jit.unused
def cubic_resize_matrix(n_out: int, n_in: int, offset: Tensor) -> Tensor:
    """(n_out, n_in) weights of PyTorch's bicubic resize (A = -0.75, half-pixel centres, border clamp) with the
    scale (n_out + offset) / n_in, in tensor operations so that a trace keeps n_out symbolic."""
    # the annotations are for the scripted caller; under a trace the sizes arrive as 0-dim tensors
    scale = n_in / (torch.as_tensor(n_out).to(torch.float32) + offset)
    src = (torch.arange(n_out).to(torch.float32) + 0.5) * scale - 0.5
    base = torch.floor(src)
    t = (src - base).unsqueeze(1)
    a = -0.75
    taps = torch.arange(-1, 3).to(torch.float32).unsqueeze(0)
    d = (t - taps).abs()
    w = torch.where(d <= 1, ((a + 2) * d - (a + 3)) * d * d + 1,
                    torch.where(d < 2, ((a * d - 5 * a) * d + 8 * a) * d - 4 * a, torch.zeros_like(d)))
    index = (base.unsqueeze(1) + taps).clamp(0, n_in - 1)
    columns = torch.arange(n_in).to(torch.float32).reshape(1, 1, n_in)
    return (w.unsqueeze(2) * (index.unsqueeze(2) == columns).to(torch.float32)).sum(1)


@torch.jit.unused
def traced_position_table(pos_embed: Tensor, grid_h: int, grid_w: int, offset: float) -> Tensor:
    """FocusStackEncoder.position_table for a trace (ONNX export): the bicubic resize as two weight matrices
    built from the traced grid size, since F.interpolate's scale factors would be recorded as constants."""
    side = int(math.sqrt(float(pos_embed.size(1) - 1)))
    dim = pos_embed.size(2)
    table = pos_embed[0, 1:].reshape(side, side, dim)
    # the scripted path keeps the table as it is on its own square grid: offset 0 makes both matrices identities
    same = (torch.as_tensor(grid_h) == side) & (torch.as_tensor(grid_w) == side)
    nudge = torch.where(same, torch.zeros(()), torch.full((), offset))
    rows, cols = cubic_resize_matrix(grid_h, side, nudge), cubic_resize_matrix(grid_w, side, nudge)
    table = torch.einsum("is,stc,jt->ijc", rows, table, cols).reshape(1, -1, dim)
    return torch.cat([pos_embed[:, :1], table], dim=1)


class _TracedBilinearResize(torch.autograd.Function):
    """Bilinear resize (align_corners=True) to a size held in a tensor, exported as ONNX Resize with *scales*.

    torch.onnx exports F.interpolate(size=...) as Resize with a `sizes` input; when those sizes are computed from
    the input's shape (as here, so that one graph serves every H x W), ONNX Runtime 1.20's load-time shape
    inference reads them as an empty tensor and refuses the model ("Number of elements of input 'sizes' (0)
    must be same as rank of input 'X' (4)"). Resize with `scales` (output = floor(input * scale)) has no such
    step; (size + 0.5) / input makes the floor land on `size` exactly, and with align_corners the sample
    positions depend on the input and output lengths only, not on the scale.
    """

    @staticmethod
    def forward(ctx, x: Tensor, size: Tensor) -> Tensor:  # type: ignore[override]
        return F.interpolate(x, size=[int(size[0]), int(size[1])], mode="bilinear", align_corners=True)

    @staticmethod
    def symbolic(g, x, size):  # pragma: no cover - runs inside torch.onnx.export only
        shape = g.op("Shape", x)
        hw_in = g.op("Slice", shape, g.op("Constant", value_t=torch.tensor([2])),
                     g.op("Constant", value_t=torch.tensor([4])), g.op("Constant", value_t=torch.tensor([0])))
        float_type = 1  # TensorProto.FLOAT
        hw_out = g.op("Add", g.op("Cast", size, to_i=float_type), g.op("Constant", value_t=torch.tensor([0.5])))
        scales = g.op("Concat", g.op("Constant", value_t=torch.tensor([1.0, 1.0])),
                      g.op("Div", hw_out, g.op("Cast", hw_in, to_i=float_type)), axis_i=0)
        roi = g.op("Constant", value_t=torch.tensor([], dtype=torch.float32))
        return g.op("Resize", x, roi, scales, coordinate_transformation_mode_s="align_corners",
                    cubic_coeff_a_f=-0.75, mode_s="linear", nearest_mode_s="floor")


def bilinear_resize(x: Tensor, size: List[int]) -> Tensor:
    """F.interpolate(x, size, bilinear, align_corners=True); under a trace (ONNX export) with the size kept as
    a tensor, so that the exported graph stays valid for every input size."""
    if torch.jit.is_tracing():
        return traced_bilinear_resize(x, size)
    return F.interpolate(x, size=size, mode="bilinear", align_corners=True)


@torch.jit.unused
def traced_bilinear_resize(x: Tensor, size: List[int]) -> Tensor:
    # the sizes arrive as traced 0-dim or one-element tensors
    hw = torch.cat([torch.as_tensor(size[0]).reshape(1), torch.as_tensor(size[1]).reshape(1)]).to(torch.int64)
    return _TracedBilinearResize.apply(x, hw)


@torch.jit.unused
def traced_input_size(height: int, width: int, short_edge: int, multiple: int) -> List[int]:
    """network_input_size in tensor operations, for a trace (ONNX export) that keeps H and W symbolic."""
    h, w = torch.as_tensor(height).reshape(1).to(torch.float64), torch.as_tensor(width).reshape(1).to(torch.float64)
    portrait = h >= w
    # one-element double tensors throughout: PyTorch 1.13's exporter types 0-dim double arithmetic as float, which
    # ONNX Runtime refuses (Where bound to double and float)
    edge = torch.tensor([float(short_edge)], dtype=torch.float64)
    step = torch.tensor([float(multiple)], dtype=torch.float64)
    new_h = torch.where(portrait, torch.floor(h * (edge / w)), edge)
    new_w = torch.where(portrait, edge, torch.floor(w * (edge / h)))
    return [(torch.ceil(new_h / step) * step).to(torch.int64), (torch.ceil(new_w / step) * step).to(torch.int64)]


def network_input_size(height: int, width: int, short_edge: int, multiple: int = 14) -> List[int]:
    """Size each slice is resized to: short edge -> short_edge, long edge scaled alike (truncated), both then
    rounded up to a multiple of ``multiple`` (the patch size)."""
    if height < width:
        new_h = short_edge
        new_w = int(width * (short_edge / height))
    else:
        new_w = short_edge
        new_h = int(height * (short_edge / width))
    return [int(math.ceil(new_h / multiple)) * multiple, int(math.ceil(new_w / multiple)) * multiple]


class FossaNet(nn.Module):
    """forward(x (B, N, 3, H, W) RGB in [0, 1], fd (B, N) canonical focus distances) -> (B, H, W) canonical depth.

    Canonical convention of the checkpoints, applied by the caller: fd_canonical = fd_m * W / f_px before,
    depth_m = output * f_px / W after (W the image width in pixels, f_px the focal length in pixels).
    """

    def __init__(self, cfg: FossaConfig):
        super().__init__()
        self.pretrained = FocusStackEncoder(cfg)
        self.depth_head = DepthHead(cfg.embed_dim, cfg.head_features, list(cfg.out_channels))
        self.short_edge = cfg.input_short_edge
        self.max_depth = cfg.max_depth
        self.patch = PATCH
        # not in the state dict: constants of the preprocessing
        self.register_buffer("rgb_mean", torch.tensor(IMAGENET_MEAN).reshape(1, 1, 3, 1, 1), persistent=False)
        self.register_buffer("rgb_std", torch.tensor(IMAGENET_STD).reshape(1, 1, 3, 1, 1), persistent=False)

    def forward(self, x: Tensor, fd: Tensor) -> Tensor:
        if x.dim() != 5 or x.size(2) != 3:
            raise ValueError("x must be (B, N, 3, H, W), got " + str(x.size()))
        if fd.dim() != 2 or fd.size(0) != x.size(0) or fd.size(1) != x.size(1):
            raise ValueError("fd must be (B, N) matching x " + str(x.size()) + ", got " + str(fd.size()))
        if x.size(1) < 1 or x.size(3) < 1 or x.size(4) < 1:
            raise ValueError("empty input " + str(x.size()))
        n_stack, n_slices, height, width = x.size(0), x.size(1), x.size(3), x.size(4)
        x = (x.to(torch.float32) - self.rgb_mean) / self.rgb_std
        if torch.jit.is_tracing():
            size = traced_input_size(height, width, self.short_edge, self.patch)
        else:
            size = network_input_size(height, width, self.short_edge, self.patch)
        images = bilinear_resize(x.reshape(n_stack * n_slices, 3, height, width), size)
        grid_h, grid_w = size[0] // self.patch, size[1] // self.patch
        maps = self.pretrained(images, fd.to(torch.float32))
        depth = self.depth_head(maps, grid_h, grid_w) * self.max_depth
        depth = bilinear_resize(depth, [height, width])
        return F.relu(depth).squeeze(1)


def build_model(cfg: FossaConfig) -> FossaNet:
    return FossaNet(cfg).eval()


@torch.no_grad()
def randomize_weights(model: FossaNet, seed: int) -> FossaNet:
    """Deterministic random weights that make every part of the network matter (unlike training's init, which
    zeroes the stack modules' output projections): for tests, fixtures and benchmarks only."""
    gen = torch.Generator().manual_seed(seed)
    for name, p in model.named_parameters():
        leaf = name.rsplit(".", 1)[-1]
        if p.dim() == 0:  # focus-distance embedding scale
            p.fill_(1.0)
        elif leaf == "gamma":  # LayerScale
            p.copy_(0.5 + 0.5 * torch.rand(p.shape, generator=gen))
        elif name.endswith("pos_embed") or name.endswith("cls_token") or name.endswith("mask_token"):
            p.copy_(0.2 * torch.randn(p.shape, generator=gen))
        elif p.dim() == 1 and ("norm" in name):
            p.copy_((1.0 if leaf == "weight" else 0.0) + 0.1 * torch.randn(p.shape, generator=gen))
        elif p.dim() == 1:  # biases
            p.copy_(0.02 * torch.randn(p.shape, generator=gen))
        else:  # linear and conv weights: uniform with fan-in scaling (variance-preserving-ish)
            fan_in = p[0].numel() if "resize_layers.0" not in name and "resize_layers.1" not in name else p.size(0)
            bound = math.sqrt(3.0 / fan_in)
            p.copy_((torch.rand(p.shape, generator=gen) * 2 - 1) * bound)
    return model
