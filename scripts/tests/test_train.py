"""On-the-fly training data (scripts/fossa/synth_torch.py) and the training script (scripts/train_fossa.py).

Smoke-sized: a few steps of the micro network (and one of builtin:tiny) on CPU, so CI runs them in well under a
minute. Parity of the renderer with the Java one is src/test/java/org/defocusj/synth/TorchGatherParityTest.java.
The CUDA cases run where torch.cuda.is_available(), and are skipped elsewhere.
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, SCRIPTS)
HAVE_TORCH = importlib.util.find_spec("torch") is not None
if HAVE_TORCH:
    import torch

    import train_fossa
    from fossa import synth_torch as st
    from fossa.export import read_metadata

CUDA = HAVE_TORCH and torch.cuda.is_available()
SMALL = ["--encoder", "micro", "--batch", "2", "--size", "48,64", "--slices", "3,4", "--full-frame", "256,512",
         "--val-count", "2", "--val-size", "48", "--log-every", "1", "--seed", "5"]


@unittest.skipUnless(HAVE_TORCH, "PyTorch is needed")
class GatherRendererTest(unittest.TestCase):

    def setUp(self):
        torch.set_num_threads(1)
        g = torch.Generator().manual_seed(1)
        self.rgb = torch.rand(2, 3, 20, 24, generator=g)
        self.radius = 3 * torch.rand(2, 3, 20, 24, generator=g)
        self.p = torch.tensor([2.0, 9.0])

    def test_pixels_of_radius_at_most_one_are_copied(self):
        out = st.gather_render(self.rgb, torch.full((2, 3, 20, 24), 1.0), self.p)
        self.assertTrue(torch.equal(out, self.rgb[:, None].expand_as(out)))

    def test_uniform_image_stays_uniform_and_blur_mixes_neighbours(self):
        flat = torch.full((2, 3, 20, 24), 0.25)
        self.assertLess((st.gather_render(flat, self.radius, self.p) - 0.25).abs().max().item(), 1e-6)
        out = st.gather_render(self.rgb, self.radius + 1.5, self.p)
        self.assertLess(out.std().item(), self.rgb.std().item() * 0.8)  # blurred: less contrast

    def test_batch_equals_each_scene_alone_and_chunks_do_not_matter(self):
        both = st.gather_render(self.rgb, self.radius, self.p)
        for i in range(2):
            one = st.gather_render(self.rgb[i:i + 1], self.radius[i:i + 1], self.p[i:i + 1], chunk=1)
            self.assertLess((one[0] - both[i]).abs().max().item(), 1e-6)

    def test_matches_a_direct_gather(self):
        # the definition, pixel by pixel, at a few pixels (the Java renderer is checked by the Java test)
        b, s, y, x = 1, 2, 3, 22
        half = 7
        num = torch.zeros(3, dtype=torch.float64)
        den = 0.0
        for dy in range(-half, half + 1):
            for dx in range(-half, half + 1):
                yy, xx = y + dy, x + dx
                if not (0 <= yy < 20 and 0 <= xx < 24):
                    continue
                c = float(self.radius[b, s, yy, xx])
                if c <= 1:
                    continue
                wgt = torch.exp(torch.tensor(-2 * ((dx * dx + dy * dy) / c ** 2) ** (9.0 / 2))).item() / c ** 2
                num += wgt * self.rgb[b, :, yy, xx].double()
                den += wgt
        out = st.gather_render(self.rgb, self.radius, self.p)[b, s, :, y, x]
        expected = num / den if self.radius[b, s, y, x] > 1 else self.rgb[b, :, y, x]
        self.assertLess((out.double() - expected).abs().max().item(), 1e-5)


@unittest.skipUnless(HAVE_TORCH, "PyTorch is needed")
class DrawBatchTest(unittest.TestCase):

    def setUp(self):
        torch.set_num_threads(1)

    def test_batches_are_seeded_and_plausible(self):
        cfg = st.SynthConfig(slices=(3, 10), size=(48, 64), full_frame_px=(256, 512))
        a = st.draw_batch(3, 123, cfg)
        b = st.draw_batch(3, 123, cfg)
        c = st.draw_batch(3, 124, cfg)
        self.assertTrue(torch.equal(a.x, b.x) and torch.equal(a.depth_m, b.depth_m))
        self.assertFalse(a.x.shape == c.x.shape and torch.equal(a.x, c.x))
        n, h, w = a.x.shape[1], a.x.shape[3], a.x.shape[4]
        self.assertTrue(3 <= n <= 10 and 48 <= h <= 64 and 48 <= w <= 64)
        self.assertTrue(0 <= a.x.min().item() and a.x.max().item() <= 1)
        self.assertTrue(0.5 <= a.depth_m.min().item() and a.depth_m.max().item() <= 1.5 * 12)
        self.assertTrue(torch.all(a.fd_m[:, 1:] >= a.fd_m[:, :-1]))  # sorted near to far
        x, fd, gt = a.canonical()
        factor = w / a.f_px
        self.assertTrue(torch.allclose(fd, a.fd_m * factor[:, None]))
        # f_px = f / pixel with the pixel of a 36 mm full frame 256-512 px wide: f 24-70 mm
        self.assertTrue(torch.all(a.f_px >= 24 / 36 * 256) and torch.all(a.f_px <= 70 / 36 * 512))

    def test_every_scene_kind_draws(self):
        for kind in st.SCENE_KINDS:
            cfg = st.SynthConfig(scene=kind, noise=0, jpeg=0, misalign=0)
            batch = st.draw_batch(2, 7, cfg, size=(40, 56), slices=3)
            self.assertEqual(batch.kinds, [kind, kind])
            self.assertTrue(torch.isfinite(batch.depth_m).all())
            if kind == "steps":  # constant bands: few distinct depths
                self.assertLessEqual(len(torch.unique(batch.depth_m[0])), 5)

    def test_degradations_change_the_stack_a_little(self):
        clean = st.SynthConfig(noise=0, jpeg=0, misalign=0, quantise=False)
        dirty = st.SynthConfig(noise=0.02, jpeg=1.0, misalign=1.0)
        a = st.draw_batch(2, 9, clean, size=(48, 48), slices=3)
        b = st.draw_batch(2, 9, dirty, size=(48, 48), slices=3)
        diff = (a.x - b.x).abs().mean().item()
        self.assertTrue(0.002 < diff < 0.08, diff)

    def test_heldout_seeds_are_disjoint_from_training_seeds(self):
        self.assertLess(st.train_seed((1 << 28) - 1, (1 << 31) - 1), st.HELDOUT_SEED_BASE)
        with self.assertRaises(ValueError):
            st.train_seed(1 << 28, 0)

    @unittest.skipUnless(CUDA, "no CUDA device")
    def test_cuda_batch_equals_cpu_batch_with_cpu_bulk_randoms(self):
        cfg = st.SynthConfig(noise=0, size=(64, 96))
        a = st.draw_batch(4, 77, cfg, "cpu", bulk_on_cpu=True)
        b = st.draw_batch(4, 77, cfg, "cuda", bulk_on_cpu=True)
        self.assertEqual(b.x.device.type, "cuda")
        self.assertLess((a.x - b.x.cpu()).abs().max().item(), 1.5 / 255)  # a quantisation step, at most
        self.assertLess((a.x - b.x.cpu()).abs().mean().item(), 1e-4)


@unittest.skipUnless(HAVE_TORCH, "PyTorch is needed")
class TrainScriptTest(unittest.TestCase):

    def setUp(self):
        torch.set_num_threads(1)
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def load(self, name):
        return torch.load(self.path(name), map_location="cpu", weights_only=True)

    def test_resume_continues_exactly_and_the_log_reaches_the_export(self):
        train_fossa.main(SMALL + ["--out", self.path("straight.pth"), "--steps", "4"])
        train_fossa.main(SMALL + ["--out", self.path("resumed.pth"), "--steps", "4", "--pause-at", "2",
                                 "--checkpoint-minutes", "0"])
        train_fossa.main(SMALL + ["--out", self.path("resumed.pth"), "--steps", "4", "--resume"])
        a, b = self.load("straight.pth"), self.load("resumed.pth")
        self.assertEqual(json.loads(b["state_json"])["step"], 4)
        for k, v in a["model"].items():
            self.assertTrue(torch.equal(v, b["model"][k]), k)
        log = json.loads(b["training_json"])["log"]
        losses = [e["loss"] for e in log if "loss" in e]
        self.assertEqual(len(losses), 4)
        self.assertEqual(losses, [e["loss"] for e in json.loads(a["training_json"])["log"] if "loss" in e])
        # --checkpoint-minutes 0 saved (and validated) after every step of the first part
        self.assertTrue(any("heldout_5_abs_rel" in e and "end" not in e and e["step"] == 1 for e in log))
        self.assertEqual([e["end"] for e in log if "end" in e], ["paused", "finished"])
        out = self.path("micro.pt")
        proc = subprocess.run([sys.executable, os.path.join(SCRIPTS, "export_fossa.py"), "--checkpoint",
                               self.path("resumed.pth"), "--encoder", "micro", "--out", out],
                              capture_output=True, text=True, timeout=300)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        training = read_metadata(out)["weights"]["training"]
        self.assertEqual(training["steps"], 4)
        self.assertEqual(training["device"], "cpu")
        self.assertEqual(len([e for e in training["log"] if "loss" in e]), 4)

    def test_continues_from_the_shipped_model(self):
        train_fossa.main(["--init", "builtin", "--out", self.path("tiny.pth"), "--steps", "1", "--batch", "1",
                          "--size", "64", "--slices", "3", "--val-count", "0", "--log-every", "1"])
        ckpt = self.load("tiny.pth")
        summary = json.loads(ckpt["training_json"])
        self.assertEqual(summary["encoder"], "tiny")
        self.assertIn("builtin", summary["previous"]["from"])
        self.assertTrue(all(torch.isfinite(v).all() for v in ckpt["model"].values()))

    def test_refuses_cuda_without_a_device_and_resume_without_a_checkpoint(self):
        if not CUDA:
            with self.assertRaises(SystemExit):
                train_fossa.main(SMALL + ["--out", self.path("x.pth"), "--steps", "1", "--device", "cuda"])
        with self.assertRaises(SystemExit):
            train_fossa.main(SMALL + ["--out", self.path("missing.pth"), "--steps", "1", "--resume"])

    @unittest.skipUnless(CUDA, "no CUDA device")
    def test_cuda_training_with_mixed_precision_saves_and_resumes(self):
        for amp in ("bf16", "fp16"):
            if amp == "bf16" and not torch.cuda.is_bf16_supported():
                continue
            out = self.path("cuda-%s.pth" % amp)
            train_fossa.main(SMALL + ["--out", out, "--steps", "3", "--device", "cuda", "--amp", amp])
            train_fossa.main(SMALL + ["--out", out, "--steps", "5", "--device", "cuda", "--amp", amp, "--resume"])
            ckpt = torch.load(out, map_location="cpu", weights_only=True)
            summary = json.loads(ckpt["training_json"])
            self.assertEqual((summary["steps"], summary["device"], summary["amp"]), (5, "cuda", {
                "bf16": "bfloat16", "fp16": "float16"}[amp]))
            self.assertTrue(all(torch.isfinite(v).all() for v in ckpt["model"].values()))


if __name__ == "__main__":
    unittest.main()
