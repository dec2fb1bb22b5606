import torch
from safetensors.torch import load_file


def load_checkpoint(path, model):
    # ruleid: torch-load-without-weights-only
    state = torch.load(path, map_location="cpu")
    model.load_state_dict(state["model"])


def load_uploaded(upload):
    # ruleid: torch-load-without-weights-only
    return torch.load(upload, weights_only=False)


def good(path, model):
    # ok: torch-load-without-weights-only
    state = torch.load(path, map_location="cpu", weights_only=True)
    # ok: torch-load-without-weights-only
    tensors = load_file(path)
    # ok: torch-load-without-weights-only
    torch.save(model.state_dict(), path)
    return state, tensors
