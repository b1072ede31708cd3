"""FOSSA (depth from a focus stack) for DefocusJ: our PyTorch implementation, checkpoint loading and export.

Import with ``scripts/`` on ``sys.path``: ``from fossa import config_for, build_model``.
"""

from .config import ENCODERS, FossaConfig, config_for
from .model import FossaNet, build_model, network_input_size, randomize_weights

__all__ = ["ENCODERS", "FossaConfig", "FossaNet", "build_model", "config_for", "network_input_size",
           "randomize_weights"]
