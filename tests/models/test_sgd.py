"""The fused SGD step and the patch-convolution forward pass against autograd, ``torch.optim.SGD`` and ``nn.Module``."""

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from movesig.models import _cpu_layers
from movesig.models._sgd import FusedSGD, forward
from movesig.models.networks import build_network


def _autograd_steps(net, batches, lr, least_squares):
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    for x, t in batches:
        opt.zero_grad()
        s = net(x)
        if least_squares:
            loss = ((s - F.one_hot(t, s.shape[1]).to(s.dtype)) ** 2).sum(dim=1).mean()
        else:
            loss = F.cross_entropy(s, t)
        loss.backward()
        opt.step()
    return net


@pytest.mark.parametrize("path", ["numpy", "numpy, dense layers in blocks", "torch"])
@pytest.mark.parametrize("arch", ["linear", "mlp", "cnn_a", "cnn_c3"])
def test_fused_steps_are_autograd_sgd_steps(arch, path, monkeypatch):
    """Every path: NumPy layers with one block per dense layer, with many, and torch (what a GPU runs)."""
    if path.endswith("in blocks"):
        monkeypatch.setattr(_cpu_layers, "BLOCK_FLOATS", 100)  # 1 to 3 rows per block: sums over blocks
    torch.manual_seed(0)
    net = build_network(arch, 7, 40, 5, hidden=24)
    ref = copy.deepcopy(net)
    gen = torch.Generator().manual_seed(1)
    batches = [(torch.randn(5, 7, 40, generator=gen), torch.randint(0, 5, (5,), generator=gen)) for _ in range(30)]
    before = [p.detach().clone() for p in net.parameters()]
    sgd = FusedSGD(net, least_squares=arch == "linear")
    assert sgd.cpu is not None  # a CPU float32 network takes the NumPy path
    if path.endswith("in blocks"):
        assert max(len(layer.blocks) for layer in sgd.cpu if hasattr(layer, "blocks")) >= 5
    if path == "torch":
        sgd.cpu = None
    for x, t in batches:
        sgd.step(x, t, 0.01)
    _autograd_steps(ref, batches, 0.01, arch == "linear")
    for p, q, b in zip(net.parameters(), ref.parameters(), before):
        moved = (q.detach() - b).abs().max().item()
        assert moved > 1e-4  # every layer learned something ...
        np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), atol=1e-5 * max(1.0, moved))  # ... the same
    assert all(p.grad is None for p in net.parameters())  # nothing left behind


def test_only_a_cpu_float32_network_of_known_layers_takes_the_numpy_path():
    assert FusedSGD(build_network("mlp", 7, 40, 5, hidden=24).double()).cpu is None
    padded = build_network("cnn_c3", 7, 40, 5)
    padded[3].padding = (1, 1)
    assert FusedSGD(padded).cpu is None
    assert FusedSGD(torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(280, 5), torch.nn.Tanh())).cpu is None


def test_the_first_layer_with_weights_skips_its_input_gradient():
    sgd = FusedSGD(build_network("mlp", 7, 40, 5, hidden=24))
    assert sgd.cpu_need_input == [False, False, True, True, True, True]  # Flatten, Linear, ReLU, Linear, ReLU, Linear
    assert sgd.need_input == sgd.cpu_need_input  # the torch path: the whole MLP is its dense tail
    sgd = FusedSGD(build_network("cnn_c3", 7, 40, 5))  # AddChannel, Conv2d, ReLU, Conv2d, ...
    assert sgd.cpu_need_input[:4] == [False, False, True, True]
    assert all(sgd.need_input)  # the torch path: convolutions lie before the dense tail


def test_a_wrong_gradient_would_be_caught():
    """The comparison above can fail: a step of another learning rate differs."""
    torch.manual_seed(0)
    net = build_network("mlp", 7, 40, 5, hidden=24)
    ref = copy.deepcopy(net)
    x, t = torch.randn(5, 7, 40), torch.tensor([0, 1, 2, 3, 4])
    FusedSGD(net).step(x, t, 0.011)
    _autograd_steps(ref, [(x, t)], 0.01, False)
    assert max((p - q).abs().max().item() for p, q in zip(net.parameters(), ref.parameters())) > 1e-5


@pytest.mark.parametrize("arch", ["mlp", "cnn_a", "cnn_c3"])
def test_forward_is_the_modules_forward(arch):
    torch.manual_seed(2)
    net = build_network(arch, 6, 50, 9, hidden=16)
    x = torch.randn(11, 6, 50)
    with torch.no_grad():
        np.testing.assert_allclose(forward(net, x).numpy(), net(x).numpy(), rtol=1e-5, atol=1e-6)


def test_forward_scores_without_touching_the_input_and_differentiates_when_asked():
    torch.manual_seed(3)
    net = build_network("cnn_c3", 6, 40, 5, hidden=8)
    x = torch.randn(7, 6, 40)
    kept = x.clone()
    with torch.no_grad():
        scored = forward(net, x)  # ReLUs in place
    assert torch.equal(x, kept)
    xg = x.clone().requires_grad_(True)
    out = forward(net, xg)  # with autograd: no ReLU in place
    out[:, 0].sum().backward()
    xr = x.clone().requires_grad_(True)
    net(xr)[:, 0].sum().backward()
    np.testing.assert_allclose(out.detach().numpy(), scored.numpy(), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(xg.grad.numpy(), xr.grad.numpy(), rtol=1e-4, atol=1e-6)
    assert xg.grad.abs().sum() > 0


@pytest.mark.parametrize("arch, by_patches", [("cnn_c3", True), ("cnn_a", False)])
def test_a_first_convolution_is_computed_as_patches_only_before_another_convolution(arch, by_patches):
    net = build_network(arch, 6, 50, 9)
    calls = []
    net[1].register_forward_hook(lambda *args: calls.append(1))
    with torch.no_grad():
        forward(net, torch.randn(3, 6, 50))
    assert (not calls) == by_patches


def test_an_image_input_without_addchannel_is_flattened_in_torchs_order():
    """A 4-D input flattened directly (no channels-last image) keeps torch's order: same steps as autograd."""
    torch.manual_seed(3)
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(2 * 3 * 4, 5))
    ref = copy.deepcopy(net)
    x, t = torch.randn(5, 2, 3, 4), torch.tensor([0, 1, 2, 3, 4])
    sgd = FusedSGD(net)
    assert sgd.cpu is not None
    sgd.step(x, t, 0.1)
    _autograd_steps(ref, [(x, t)], 0.1, False)
    for p, q in zip(net.parameters(), ref.parameters()):
        np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), atol=1e-6)
