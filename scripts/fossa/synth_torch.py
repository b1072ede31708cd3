"""Focus stacks rendered on the fly in PyTorch, on CPU or CUDA, for training FOSSA without a data set on disk.

A port of the essentials of DefocusJ's Java synth/ and psf/ packages:

* scenes (``SceneGenerator``): tilted planes, steps, spheres in front of a plane and "dead leaves" of discs and
  rectangles, with near in [0.5, 1.5] m and far = near x [2, 12], textured with fractal value noise (colour) or
  tinted stripes, exactly as the Java layouts place them (the random numbers differ: Java uses SplittableRandom,
  this module a seeded torch.Generator);
* optics (``ThinLensCamera``): CoC = |d - s| f (f/N) / ((d + 1e-8)(s - f)), PSF radius CoC / 2 / pixel;
* the gather renderer (``GatherRenderer``, FOSSA's): every pixel averages its K x K neighbourhood, a neighbour
  weighted by the power-exponential PSF exp(-2 (r^2/c^2)^(p/2)) / c^2 of its own radius c, counted only when
  c > 1, out-of-image neighbours skipped, pixels of radius <= 1 copied. ``gather_render`` equals the Java
  renderer to float rounding (src/test/java/org/defocusj/synth/TorchGatherParityTest.java checks it to 1e-4 on
  the [0, 1] scale);
* FOSSA's randomisation as ``SynthSettings``/``FocusSampling`` draw it: p log-uniform in [2, 32], f-number from
  {1.0, 1.4, 2.0, 2.8, 4.0}, focal length U(24, 70) mm, focus lists depth-dependent (20 %) or power-inverse (80 %).

On top, for training: per batch a slice count and crop size (a crop of a full-frame 36 mm sensor geometry, so
that blur in pixels is that of a real camera's crop), and light degradation (sensor noise, 8-bit quantisation,
JPEG-like block DCT quantisation, slight per-slice misalignment).

Every random draw of a scene comes from a CPU torch.Generator seeded by the caller, so a seed gives the same
scene on any device; only the per-pixel sensor noise is drawn on the device (from a seed drawn on the CPU).

The Java side renders in [0, 255]; this module works in [0, 1] throughout.
"""

import math
from dataclasses import asdict, dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

F_NUMBERS = (1.0, 1.4, 2.0, 2.8, 4.0)
DEPTH_DEPENDENT_SHARE = 0.2
KERNEL_SIZE = 15
FULL_FRAME_MM = 36.0
SCENE_KINDS = ("plane", "steps", "spheres", "dead-leaves")
# SceneGenerator's MIX: dead leaves twice as often as each of the others.
MIX_CHOICES = ("plane", "steps", "spheres", "dead-leaves", "dead-leaves")
MAX_SHAPES = 15  # dead leaves: 4 + U{0..11}; spheres 1-4; steps 2-5 bands

# Seed ranges: a training run's batches use seeds below HELDOUT_SEED_BASE, held-out sets at and above it, so no
# held-out scene can ever be drawn in training.
HELDOUT_SEED_BASE = 1 << 60


def train_seed(run_seed: int, step: int) -> int:
    """The seed of training batch ``step`` of a run seeded ``run_seed`` (both < 2^28 keeps it below the held-out
    range)."""
    if not (0 <= run_seed < 1 << 28 and 0 <= step < 1 << 31):
        raise ValueError("run seed must be in [0, 2^28) and step in [0, 2^31)")
    return (run_seed << 31) + step


# ---------------------------------------------------------------------------------------------- optics, PSF


def psf_radius_px(depth_m: Tensor, focus_m: Tensor, focal_m: Tensor, f_number: Tensor, pixel_m: Tensor) -> Tensor:
    """PSF radius in pixels (ThinLensCamera.radiusPx), same operation order as the Java code.

    depth_m (B, H, W); focus_m (B, S); focal_m, f_number, pixel_m (B,). Returns (B, S, H, W).
    """
    d = depth_m[:, None]
    s = focus_m[:, :, None, None]
    f = focal_m[:, None, None, None]
    aperture = f / f_number[:, None, None, None]
    coc = (d - s).abs() * f * aperture / ((d + 1e-8) * (s - f))
    return coc / 2 / pixel_m[:, None, None, None]


def _offset_classes(kernel: int) -> Tuple[List[int], Dict[int, List[Tuple[int, int]]]]:
    half = kernel // 2
    classes: Dict[int, List[Tuple[int, int]]] = {}
    for dy in range(-half, half + 1):
        for dx in range(-half, half + 1):
            classes.setdefault(dx * dx + dy * dy, []).append((dy, dx))
    return sorted(classes), classes


def gather_render(rgb: Tensor, radius: Tensor, p: Tensor, kernel: int = KERNEL_SIZE,
                  chunk: Optional[int] = None) -> Tensor:
    """FOSSA's gather renderer with the power-exponential PSF, batched.

    rgb (B, C, H, W); radius (B, S, H, W) PSF radius per pixel and slice; p (B,) PSF shape per scene.
    Returns (B, S, C, H, W). Computed in rgb's dtype and on its device.

    A weight depends on the source pixel's radius and on dx^2 + dy^2 only, so it is evaluated once per distinct
    squared distance (37 for K = 15) and added to the outputs at every offset of that distance. ``chunk`` slices
    (of the B x S) are accumulated at a time: on the CPU few enough for the accumulator to stay in cache (the
    default there), on a GPU all at once.
    """
    if kernel < 3 or kernel % 2 == 0:
        raise ValueError("kernel must be odd and at least 3, got %d" % kernel)
    b, c, h, w = rgb.shape
    s = radius.shape[1]
    if chunk is None:
        chunk = b * s if rgb.device.type != "cpu" else max(1, (1 << 18) // ((1 + c) * (h + kernel) * (w + kernel)))
    radius = radius.to(rgb.dtype).reshape(b * s, h, w)
    half_p = (p.to(rgb.dtype) / 2).repeat_interleave(s)
    planes = rgb.repeat_interleave(s, 0)
    out = torch.empty(b * s, c, h, w, dtype=rgb.dtype, device=rgb.device)
    for i in range(0, b * s, chunk):
        j = min(b * s, i + chunk)
        out[i:j] = _gather_chunk(planes[i:j], radius[i:j], half_p[i:j], kernel)
    return out.view(b, s, c, h, w)


def _gather_chunk(rgb: Tensor, radius: Tensor, half_p: Tensor, kernel: int) -> Tensor:
    m, c, h, w = rgb.shape
    half = kernel // 2
    blurred = radius > 1
    # Sources of radius <= 1 do not count: give them radius 1 (any finite value) and zero their weight.
    cr = torch.where(blurred, radius, torch.ones_like(radius))
    inv_c2 = blurred.to(rgb.dtype) / (cr * cr)
    log_c2 = 2 * torch.log(cr)
    hp = half_p[:, None, None]
    # Channels last, (M, H, W, 1 + C): the weight lane, then the weighted channels, so that a shifted row is one
    # contiguous run. The zero border stands for the out-of-image neighbours, which are skipped.
    value = torch.cat([torch.ones_like(rgb[:, :1]), rgb], 1).permute(0, 2, 3, 1)
    acc = torch.zeros(m, h, w, 1 + c, dtype=rgb.dtype, device=rgb.device)
    contrib = torch.zeros(m, h + 2 * half, w + 2 * half, 1 + c, dtype=rgb.dtype, device=rgb.device)
    inner = contrib[:, half:half + h, half:half + w]
    r2s, offsets = _offset_classes(kernel)
    for r2 in r2s:
        if r2 == 0:
            weight = inv_c2
        else:  # exp(-2 (r2 / c^2)^(p/2)) / c^2
            weight = torch.exp(-2 * torch.exp(hp * (math.log(r2) - log_c2))) * inv_c2
        torch.mul(weight[..., None], value, out=inner)
        for dy, dx in offsets[r2]:
            # output (y, x) gathers source (y + dy, x + dx)
            acc += contrib[:, half + dy:half + dy + h, half + dx:half + dx + w]
    out = (acc[..., 1:] / acc[..., :1].clamp_min(torch.finfo(rgb.dtype).tiny)).permute(0, 3, 1, 2)
    return torch.where(blurred[:, None], out, rgb)


# ---------------------------------------------------------------------------------------------- focus sampling


def depth_dependent_focus(depth_m: Tensor, n: int) -> Tensor:
    """FocusSampling.depthDependent: n distances evenly spaced in disparity between its 5 % and 95 % quantiles
    (NumPy's linear interpolation), sorted near to far. depth_m (B, H, W) -> (B, n)."""
    disp = (1.0 / depth_m.flatten(1)).to(torch.float64)
    q = torch.quantile(disp, torch.tensor([0.05, 0.95], dtype=torch.float64, device=disp.device), dim=1)
    lo, hi = q[0], q[1]
    flat = ~(hi > lo)
    lo = torch.where(flat, lo * 0.9, lo)
    hi = torch.where(flat, hi * 1.1, hi)
    t = torch.arange(n, dtype=torch.float64, device=disp.device) / (n - 1)
    fd = 1.0 / (lo[:, None] + (hi - lo)[:, None] * t[None])
    return fd.sort(dim=1).values


def power_inverse_focus(u: Tensor, n: int) -> Tensor:
    """FocusSampling.powerInverse from three uniforms per scene u (B, 3): z_near ~ U(0.6, 1), z_far = z_near x
    U(7, 15), kappa ~ U(0, 1) (at least 1e-3); disparity interpolated in the kappa power. -> (B, n) sorted."""
    u = u.to(torch.float64)
    z_near = 0.6 + 0.4 * u[:, 0]
    z_far = z_near * (7 + 8 * u[:, 1])
    kappa = u[:, 2].clamp_min(1e-3)[:, None]
    t = (torch.arange(n, dtype=torch.float64, device=u.device) / (n - 1))[None]
    d_near = (1 / z_near)[:, None]
    d_far = (1 / z_far)[:, None]
    disp = (d_far.pow(kappa) * (1 - t) + d_near.pow(kappa) * t).pow(1 / kappa)
    return (1 / disp).sort(dim=1).values


# ---------------------------------------------------------------------------------------------- textures


def _smooth(t: Tensor) -> Tensor:
    return t * t * (3 - 2 * t)


def fractal_noise(count: int, h: int, w: int, base_cell: int, octaves: int, gen: torch.Generator) -> Tensor:
    """ProceduralTexture.fractalNoise for ``count`` textures: octaves of smoothstep-interpolated random lattices,
    amplitude halving as the cell halves, each texture scaled to [0, 1]. -> (count, h, w) float32 on the generator's device."""
    dev = gen.device
    out = torch.zeros(count, h, w, device=dev)
    amplitude = 1.0
    cell = base_cell
    for _ in range(octaves):
        if cell < 1:
            break
        lattice = torch.rand(count, h // cell + 2, w // cell + 2, generator=gen, device=gen.device)
        if cell == 1:  # the lattice points themselves
            out += amplitude * lattice[:, :h, :w]
            amplitude *= 0.5
            cell //= 2
            continue
        # The interpolation is separable: along x on the lattice rows, then along y.
        fx = torch.arange(w, dtype=torch.float64, device=dev) / cell
        ix = fx.long()
        tx = _smooth(fx - ix).float()
        rows = lattice[:, :, ix] + tx * (lattice[:, :, ix + 1] - lattice[:, :, ix])
        fy = torch.arange(h, dtype=torch.float64, device=dev) / cell
        iy = fy.long()
        ty = _smooth(fy - iy).float()[:, None]
        out += amplitude * (rows[:, iy] + ty * (rows[:, iy + 1] - rows[:, iy]))
        amplitude *= 0.5
        cell //= 2
    lo = out.flatten(1).min(1).values[:, None, None]
    hi = out.flatten(1).max(1).values[:, None, None]
    span = torch.where(hi > lo, hi - lo, torch.ones_like(hi))
    return (out - lo) / span


def textures(count: int, h: int, w: int, gen: torch.Generator) -> Tensor:
    """SceneGenerator.texture for ``count`` surfaces: 75 % colour fractal noise (SyntheticScene.colourTexture),
    25 % tinted stripes mixed with noise. -> (count, 3, h, w) in [0, 1] on the generator's device."""
    dev = gen.device
    luma = fractal_noise(count, h, w, 32, 6, gen)
    chroma_a = fractal_noise(count, h, w, 64, 3, gen)
    chroma_b = fractal_noise(count, h, w, 64, 3, gen)
    lum = 30 + 200 * luma
    ca = 40 * (chroma_a - 0.5)
    cb = 40 * (chroma_b - 0.5)
    colour = torch.stack([lum + ca, lum - 0.5 * ca + 0.5 * cb, lum - cb], 1).clamp(0, 255)
    # stripes: orientation U(0, pi), period U(4, 24) px, phase U(0, 2 pi)
    u = torch.rand(count, 7, generator=gen, dtype=torch.float64, device=dev)
    angle = u[:, 0] * math.pi
    period = 4 + 20 * u[:, 1]
    kx = (torch.cos(angle) * 2 * math.pi / period)[:, None, None]
    ky = (torch.sin(angle) * 2 * math.pi / period)[:, None, None]
    phase = (u[:, 2] * 2 * math.pi)[:, None, None]
    yy = torch.arange(h, dtype=torch.float64, device=dev)[None, :, None]
    xx = torch.arange(w, dtype=torch.float64, device=dev)[None, None, :]
    stripes = (0.5 + 0.5 * torch.sin(kx * xx + ky * yy + phase)).float()
    noise = fractal_noise(count, h, w, 16, 4, gen)
    v = 25 + 210 * (0.7 * stripes + 0.3 * noise)
    tint = (0.6 + 0.4 * u[:, 3:6]).float()
    striped = (v[:, None] * tint[:, :, None, None]).clamp_max(255)
    use_colour = (u[:, 6] < 0.75)[:, None, None, None]
    return torch.where(use_colour, colour, striped) / 255.0


# ---------------------------------------------------------------------------------------------- scenes


def _tilted_plane(h: int, w: int, near: float, far: float, angle: float, device) -> Tensor:
    ax, ay = math.cos(angle), math.sin(angle)
    corners = [ax * (k % 2) * (w - 1) + ay * (k // 2) * (h - 1) for k in range(4)]
    lo, hi = min(corners), max(corners)
    yy = torch.arange(h, dtype=torch.float64, device=device)[:, None]
    xx = torch.arange(w, dtype=torch.float64, device=device)[None]
    t = (ax * xx + ay * yy - lo) / (hi - lo)
    return near + t * (far - near)


def _uniform(gen: torch.Generator) -> float:
    return float(torch.rand((), generator=gen, dtype=torch.float64))


def _below(n: int, gen: torch.Generator) -> int:
    return int(torch.randint(n, (), generator=gen))


def scene_layers(kind: str, h: int, w: int, gen: torch.Generator, device="cpu") -> Tuple[Tensor, str]:
    """One scene's depth layers (1 + MAX_SHAPES, h, w), float64 metres, +inf where a layer is absent: layer 0 is
    the background, the visible surface at a pixel is the nearest layer (SceneGenerator paints far to near, or
    keeps the nearer surface, which is the same). Random numbers from ``gen`` (CPU), layers on ``device``."""
    if kind == "mix":
        kind = MIX_CHOICES[_below(len(MIX_CHOICES), gen)]
    if kind not in SCENE_KINDS:
        raise ValueError("unknown scene kind %r (expected %s or mix)" % (kind, ", ".join(SCENE_KINDS)))
    inf = float("inf")
    layers = torch.full((1 + MAX_SHAPES, h, w), inf, dtype=torch.float64, device=device)
    near = 0.5 + _uniform(gen)
    far = near * (2 + 10 * _uniform(gen))
    yy = torch.arange(h, dtype=torch.float64, device=device)[:, None]
    xx = torch.arange(w, dtype=torch.float64, device=device)[None]
    short = min(w, h)
    if kind == "plane":
        layers[0] = _tilted_plane(h, w, near, far, _uniform(gen) * 2 * math.pi, device)
    elif kind == "steps":
        bands = 2 + _below(4, gen)
        vertical = _uniform(gen) < 0.5
        pos = (xx if vertical else yy).expand(h, w).long()
        band = torch.clamp(pos * bands // (w if vertical else h), max=bands - 1)
        for k in range(bands):
            level = near + _uniform(gen) * (far - near)
            layers[k] = layers[k].masked_fill(band == k, level)
    elif kind == "spheres":
        layers[0] = _tilted_plane(h, w, near + 0.5 * (far - near), far, _uniform(gen) * 2 * math.pi, device)
        for k in range(1, 2 + _below(4, gen)):
            cx, cy = _uniform(gen) * w, _uniform(gen) * h
            r = (0.1 + 0.25 * _uniform(gen)) * short
            centre = near + _uniform(gen) * 0.5 * (far - near)
            relief = centre * (0.05 + 0.2 * _uniform(gen))
            d2 = ((xx - cx) ** 2 + (yy - cy) ** 2) / (r * r)
            z = (centre - relief * torch.sqrt((1 - d2).clamp_min(0))).clamp_min(near)
            layers[k] = torch.where(d2 <= 1, z, layers[k])
    else:  # dead leaves
        layers[0] = _tilted_plane(h, w, near + 0.6 * (far - near), far, _uniform(gen) * 2 * math.pi, device)
        for k in range(1, 1 + 4 + _below(12, gen)):
            z = near + _uniform(gen) * 0.8 * (far - near)
            disc = _uniform(gen) < 0.5
            cx, cy = _uniform(gen) * w, _uniform(gen) * h
            a = (0.05 + 0.2 * _uniform(gen)) * short
            b = a if disc else (0.05 + 0.2 * _uniform(gen)) * short
            if disc:
                inside = (xx - cx) ** 2 + (yy - cy) ** 2 <= a * a
            else:
                # SceneGenerator's loop bounds: rows [max(0, cy - b), cy + b + 1), columns likewise with a
                inside = ((yy >= math.floor(max(0.0, cy - b))) & (yy < cy + b + 1)
                          & (xx >= math.floor(max(0.0, cx - a))) & (xx < cx + a + 1))
            layers[k] = layers[k].masked_fill(inside, z)
    return layers, kind


# ---------------------------------------------------------------------------------------------- batches


@dataclass
class SynthConfig:
    """What a batch is drawn from. Ranges are inclusive."""
    slices: Tuple[int, int] = (3, 10)
    size: Tuple[int, int] = (96, 256)          # crop edge in pixels (height and width drawn independently)
    full_frame_px: Tuple[int, int] = (512, 1024)  # long edge of the full-frame image the crop is taken from
    scene: str = "mix"
    kernel: int = KERNEL_SIZE
    p: Optional[float] = None                  # None: log-uniform in [2, 32]
    f_number: Optional[float] = None           # None: from F_NUMBERS
    focal_length_mm: Optional[float] = None    # None: U(24, 70)
    focus: str = "mix"                         # mix | depth | power-inverse
    noise: float = 0.02                        # largest read-noise standard deviation (0 switches noise off)
    jpeg: float = 0.3                          # share of stacks that get JPEG-like compression
    misalign: float = 0.5                      # share of stacks whose slices are slightly misaligned
    quantise: bool = True                      # 8-bit quantisation, as stored images are

    def to_dict(self):
        return asdict(self)


@dataclass
class Batch:
    x: Tensor          # (B, N, 3, H, W) in [0, 1]
    fd_m: Tensor       # (B, N) focus distances in metres
    depth_m: Tensor    # (B, H, W)
    f_px: Tensor       # (B,) focal length in pixels of the crop
    kinds: List[str]

    def canonical(self) -> Tuple[Tensor, Tensor, Tensor]:
        """x, focus distances and depth in FOSSA's canonical units (x W / f_px)."""
        factor = (self.x.shape[-1] / self.f_px)[:, None]
        return self.x, self.fd_m * factor, self.depth_m * factor[:, :, None]


def _pick(rng: Tuple[int, int], gen: torch.Generator) -> int:
    return int(torch.randint(rng[0], rng[1] + 1, (), generator=gen))


def draw_batch(batch: int, seed: int, cfg: SynthConfig, device="cpu", dtype=torch.float32,
               size: Optional[Tuple[int, int]] = None, slices: Optional[int] = None,
               bulk_on_cpu: bool = False) -> Batch:
    """``batch`` fresh stacks of one slice count and crop size (drawn from ``cfg`` unless given), rendered on
    ``device``. Scene layouts, optics and focus lists come from a CPU generator seeded ``seed``; the bulk random
    arrays (texture lattices, pixel noise) from a generator on ``device`` seeded from it, so they differ between
    CPU and CUDA unless ``bulk_on_cpu`` (then the same seed gives the same stacks everywhere, to rounding)."""
    device = torch.device(device)
    gen = torch.Generator().manual_seed(seed)
    bulk_device = torch.device("cpu") if bulk_on_cpu else device
    bulk = torch.Generator(device=bulk_device).manual_seed(int(torch.randint(1 << 62, (), generator=gen)))
    n = slices if slices is not None else _pick(cfg.slices, gen)
    h, w = size if size is not None else (_pick(cfg.size, gen), _pick(cfg.size, gen))
    layer_list, kinds = [], []
    for _ in range(batch):
        layers, kind = scene_layers(cfg.scene, h, w, gen, bulk_device)
        layer_list.append(layers)
        kinds.append(kind)
    layers = torch.stack(layer_list)                                  # (B, L, H, W)
    used = int(torch.isfinite(layers).flatten(2).any(2).sum(1).max())  # layers are filled from index 0 on
    layers = layers[:, :used]
    # Dead leaves are painted over the background plane even where the plane is nearer (as SceneGenerator
    # does); spheres replace it only where they are in front.
    over = torch.tensor([k == "dead-leaves" for k in kinds], device=bulk_device)[:, None, None]
    nearest = layers.argmin(1)
    if used > 1:
        shapes = layers[:, 1:]
        nearest = torch.where(over & torch.isfinite(shapes).any(1), shapes.argmin(1) + 1, nearest)
    depth = layers.gather(1, nearest[:, None])[:, 0].float()
    tex = textures(batch * used, h, w, bulk).view(batch, used, 3, h, w)
    rgb = tex.gather(1, nearest[:, None, None].expand(batch, 1, 3, h, w))[:, 0]

    u = torch.rand(batch, 8, generator=gen, dtype=torch.float64)
    p = (torch.full((batch,), cfg.p, dtype=torch.float64) if cfg.p is not None
         else torch.exp(math.log(2) + u[:, 0] * (math.log(32) - math.log(2))))
    f_number = (torch.full((batch,), cfg.f_number, dtype=torch.float64) if cfg.f_number is not None
                else torch.tensor(F_NUMBERS, dtype=torch.float64)[(u[:, 1] * len(F_NUMBERS)).long().clamp_max(4)])
    focal_mm = (torch.full((batch,), cfg.focal_length_mm, dtype=torch.float64) if cfg.focal_length_mm is not None
                else 24 + 46 * u[:, 2])
    full = cfg.full_frame_px[0] + (u[:, 3] * (cfg.full_frame_px[1] - cfg.full_frame_px[0] + 1)).floor()
    full = torch.maximum(full, torch.tensor(float(max(h, w)), dtype=torch.float64))
    pixel_m = FULL_FRAME_MM * 1e-3 / full
    fd_dep = depth_dependent_focus(depth, n).cpu()
    fd_pow = power_inverse_focus(torch.rand(batch, 3, generator=gen, dtype=torch.float64), n)
    choose_dep = {"mix": u[:, 4] < DEPTH_DEPENDENT_SHARE, "depth": torch.ones(batch, dtype=torch.bool),
                  "power-inverse": torch.zeros(batch, dtype=torch.bool)}[cfg.focus]
    fd = torch.where(choose_dep[:, None], fd_dep, fd_pow)

    depth = depth.to(device)
    optics = [t.to(device, torch.float32) for t in (fd, focal_mm * 1e-3, f_number, pixel_m)]
    radius = psf_radius_px(depth, *optics)
    stack = gather_render(rgb.to(device, dtype), radius, p.to(device), cfg.kernel)
    stack = degrade(stack, cfg, gen, bulk_device)
    f_px = (focal_mm * 1e-3 / pixel_m).float()
    return Batch(stack.float().to(device), fd.float().to(device), depth, f_px.to(device), kinds)


# ---------------------------------------------------------------------------------------------- degradation


def _dct_matrix(n: int = 8) -> Tensor:
    k = torch.arange(n, dtype=torch.float64)[:, None]
    i = torch.arange(n, dtype=torch.float64)[None]
    m = torch.cos(math.pi * (2 * i + 1) * k / (2 * n)) * math.sqrt(2.0 / n)
    m[0] /= math.sqrt(2.0)
    return m


# The JPEG standard's luminance and chrominance quantisation tables (ITU-T T.81, Annex K).
_LUMA_Q = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
           14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
           49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
_CHROMA_Q = [17, 18, 24, 47] + [99] * 4 + [18, 21, 26, 66] + [99] * 4 + [24, 26, 56] + [99] * 5 \
    + [47, 66] + [99] * 6 + [99] * 32


def jpeg_like(img: Tensor, quality: Tensor) -> Tensor:
    """Lossy JPEG in torch (no entropy coding, which is lossless): YCbCr, 2x2 chroma subsampling, 8x8 DCT
    quantised with the standard tables scaled by quality (libjpeg's rule), and back. img (M, 3, H, W) in [0, 1],
    quality (M,) in [1, 100]."""
    m, _, h, w = img.shape
    ph, pw = (-h) % 16, (-w) % 16
    x = F.pad(img, (0, pw, 0, ph), mode="replicate") * 255
    r, g, b = x[:, 0], x[:, 1], x[:, 2]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = -0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 0.5 * r - 0.418688 * g - 0.081312 * b
    scale = torch.where(quality < 50, 5000 / quality, 200 - 2 * quality)[:, None, None, None, None]
    d = _dct_matrix().to(img.device, img.dtype)

    def code(plane: Tensor, table: List[int]) -> Tensor:
        hh, ww = plane.shape[-2:]
        q = torch.tensor(table, dtype=img.dtype, device=img.device).view(1, 1, 1, 8, 8)
        q = ((q * scale + 50) / 100).floor().clamp(1, 255)
        blocks = plane.reshape(m, hh // 8, 8, ww // 8, 8).transpose(2, 3)
        coef = d @ blocks @ d.T
        coef = (coef / q).round() * q
        return (d.T @ coef @ d).transpose(2, 3).reshape(m, hh, ww)

    y = code(y - 128, _LUMA_Q) + 128
    sub = lambda c: code(F.avg_pool2d(c[:, None], 2)[:, 0], _CHROMA_Q)  # noqa: E731
    cb = F.interpolate(sub(cb)[:, None], scale_factor=2, mode="nearest")[:, 0]
    cr = F.interpolate(sub(cr)[:, None], scale_factor=2, mode="nearest")[:, 0]
    out = torch.stack([y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb], 1) / 255
    return out[:, :, :h, :w].clamp(0, 1)


def misalign(stack: Tensor, amount: Tensor) -> Tensor:
    """Slight per-slice affine misalignment (as a hand-held or focus-breathing stack has): rotation up to
    0.3 deg, scale 1 +- 0.5 %, shift up to 1 px, times ``amount`` (B, N, 6) uniforms in [-1, 1]."""
    b, n, c, h, w = stack.shape
    a = amount.to(stack.dtype)
    angle = a[..., 0] * math.radians(0.3)
    scale = 1 + 0.005 * a[..., 1]
    cos, sin = torch.cos(angle) * scale, torch.sin(angle) * scale
    theta = torch.stack([torch.stack([cos, -sin * h / w, a[..., 2] * 2 / w], -1),
                         torch.stack([sin * w / h, cos, a[..., 3] * 2 / h], -1)], -2).view(b * n, 2, 3)
    grid = F.affine_grid(theta, [b * n, c, h, w], align_corners=False)
    out = F.grid_sample(stack.reshape(b * n, c, h, w), grid, mode="bilinear", padding_mode="border",
                        align_corners=False)
    return out.view(b, n, c, h, w)


def degrade(stack: Tensor, cfg: SynthConfig, gen: torch.Generator, noise_device=None) -> Tensor:
    """Light, realistic degradation of rendered stacks (B, N, 3, H, W) in [0, 1]: misalignment, shot + read
    noise, 8-bit quantisation, JPEG-like compression; each drawn per stack from ``gen`` (CPU), the pixel noise
    on ``noise_device`` (default: the stack's) from a seed drawn there."""
    b, n, c, h, w = stack.shape
    dev = stack.device
    u = torch.rand(b, 4, generator=gen)
    if cfg.misalign > 0:
        amount = torch.rand(b, n, 6, generator=gen) * 2 - 1
        amount = amount * (u[:, 0] < cfg.misalign).float()[:, None, None]
        if bool((amount != 0).any()):
            stack = misalign(stack, amount.to(dev))
    if cfg.noise > 0:
        noise_dev = torch.device(noise_device) if noise_device is not None else dev
        noise_gen = torch.Generator(device=noise_dev).manual_seed(int(torch.randint(1 << 62, (), generator=gen)))
        read = (u[:, 1] * cfg.noise).to(dev, stack.dtype).view(b, 1, 1, 1, 1)
        shot = (u[:, 2] * cfg.noise).to(dev, stack.dtype).view(b, 1, 1, 1, 1)
        sigma = torch.sqrt(read ** 2 + shot ** 2 * stack.clamp_min(0))
        noise = torch.randn(stack.shape, generator=noise_gen, device=noise_dev, dtype=stack.dtype)
        stack = stack + sigma * noise.to(dev)
    stack = stack.clamp(0, 1)
    if cfg.jpeg > 0:
        pick = u[:, 3] < cfg.jpeg
        if bool(pick.any()):
            quality = (60 + 35 * torch.rand(b, generator=gen)).to(dev, stack.dtype)
            sel = pick.to(dev)
            part = stack[sel]
            coded = jpeg_like(part.reshape(-1, c, h, w), quality[sel].repeat_interleave(n))
            stack = stack.clone()
            stack[sel] = coded.view(part.shape)
    if cfg.quantise:
        stack = torch.round(stack * 255) / 255
    return stack


# ---------------------------------------------------------------------------------------------- held-out sets


def heldout_set(slices: int, count: int, size: int = 128, cfg: Optional[SynthConfig] = None,
                device="cpu", batch: int = 8) -> List[Batch]:
    """A fixed held-out set (seeds from HELDOUT_SEED_BASE on, never used in training): ``count`` stacks of
    ``slices`` slices, ``size`` x ``size``, in batches."""
    cfg = cfg or SynthConfig()
    out = []
    for i in range(0, count, batch):
        seed = HELDOUT_SEED_BASE + slices * 1_000_003 + size * 1009 + i
        out.append(draw_batch(min(batch, count - i), seed, cfg, device, size=(size, size), slices=slices,
                              bulk_on_cpu=True))
    return out


def render_files(folder: str, dtype: torch.dtype = torch.float32) -> None:
    """Renders ``folder``/rgb.npy (3, H, W) in [0, 255], depth.npy (H, W) metres and optics.json into
    torch_render.npy (S, 3, H, W) in [0, 255] (float32): the Java parity test's entry point."""
    import json
    import os

    import numpy as np
    opt = json.load(open(os.path.join(folder, "optics.json")))
    rgb = torch.from_numpy(np.load(os.path.join(folder, "rgb.npy"))).to(dtype)
    depth = torch.from_numpy(np.load(os.path.join(folder, "depth.npy")))
    fd = torch.tensor(opt["focus_m"], dtype=torch.float64)[None]
    one = lambda key: torch.tensor([float(opt[key])], dtype=torch.float64)  # noqa: E731
    # radius in float64 then float32, as Java computes it in double and stores a float map
    radius = psf_radius_px(depth.double()[None], fd, one("focal_length_m"), one("f_number"), one("pixel_m")).float()
    out = gather_render(rgb[None] / 255, radius, one("p"), int(opt["kernel"]))[0] * 255
    np.save(os.path.join(folder, "torch_render.npy"), out.float().numpy())


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description="Render a scene written by the Java parity test (see render_files).")
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    a = ap.parse_args()
    for f in a.folders:
        render_files(f, getattr(torch, a.dtype))
