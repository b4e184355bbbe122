"""The project's set-up promises: pins, shared constraints, README commands, CI entry point."""

import re

import yaml


def test_constraints_pin_the_torch_wheels_on_disk(root):
    pins = dict(line.split("==", 1) for line in (root / "constraints.txt").read_text().split()
                if "==" in line)
    assert pins["torch"] == "2.14.1" and pins["torchvision"] == "0.29.1"
    for package in ("numpy", "scipy", "scikit-learn", "matplotlib", "seaborn", "papermill", "jupyter-book",
                    "pooch", "zennit", "joblib", "dask", "distributed", "tqdm", "pytest"):
        assert package in pins, f"{package} is not pinned in constraints.txt"
    assert pins["jupyter-book"].startswith("1.")


def test_makefile_and_environment_share_the_constraints(root):
    assert "-c constraints.txt" in (root / "Makefile").read_text()
    env = yaml.safe_load((root / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-c constraints.txt" in pip and any(p.startswith("-e .") for p in pip)
    assert "python=3.11" in env["dependencies"]


def test_readme_starts_with_the_two_commands(root):
    first_code = re.search(r"```bash\n(.*?)```", (root / "README.md").read_text(), re.S).group(1)
    assert [line.split("#")[0].strip() for line in first_code.strip().splitlines()] == ["make book", "make test"]


def test_ci_runs_make_test(root):
    assert "make test" in (root / ".ci" / "run").read_text()
