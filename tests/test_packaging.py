"""The package as users install it: every subpackage listed, the model inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile

from conftest import ROOT, python_prints


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(path.relative_to(ROOT / "src").parent.parts)
        for path in (ROOT / "src" / "zhnews").rglob("__init__.py")
    }
    assert on_disk | {"zhnews.data", "zhnews._models"} == listed


def test_importing_zhnews_loads_no_model_no_jieba_and_no_scikit_learn():
    code = "import sys, zhnews; print(sorted(m for m in ('jieba', 'sklearn', 'matplotlib') if m in sys.modules))"
    assert python_prints(code, quiet=True).strip() == "[]"


def test_the_page_splitter_report_and_version_load_on_first_use():
    """A batch worker or a program that only classifies imports no page splitter, report or metadata."""
    code = (
        "import sys, importlib.metadata, zhnews; "
        "print(sorted(m for m in ('zhnews.pages', 'zhnews.report', 'zhnews._version') if m in sys.modules)); "
        "print(zhnews.split_page.__module__, zhnews.PageSplit.__name__, zhnews.report.aggregate([]).header.articles); "
        "print(zhnews.__version__ == importlib.metadata.version('zhnews'), 'zhnews.pages' in sys.modules)"
    )
    assert python_prints(code).splitlines() == ["[]", "zhnews.pages.split PageSplit 0", "True True"]


def test_the_wheel_carries_the_model_and_runs_outside_the_source_tree(tmp_path):
    """Build the wheel, unpack it away from the checkout, and classify with the default model."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True, text=True,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    [wheel] = wheels.glob("zhnews-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "zhnews/_models/news-topics/model.json" in names and "zhnews/data/domain_terms.txt" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import zhnews, pathlib; "
        "assert pathlib.Path(zhnews.__file__).is_relative_to(pathlib.Path(r'%s')), zhnews.__file__; "
        "print(zhnews.classify('区消防救援大队开展消防安全检查，督促企业整改火灾隐患。').labels)" % site
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "('safety',)"
