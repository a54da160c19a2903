"""Batch on Dask: a LocalCluster of two worker processes writes what a local run writes."""

from __future__ import annotations

import pytest
from batch.archive import BODY, corpus_archive, write_bytes, write_jsonl
from conftest import EXAMPLES, skip_optional

import zhnews
from zhnews.batch.run import run_batch


@pytest.fixture(scope="module")
def cluster():
    try:
        import distributed
    except ImportError:
        skip_optional("dask.distributed not installed (pip install 'zhnews[dask]')")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        with distributed.Client(local) as client:
            yield local, client


def test_a_cluster_writes_the_records_of_a_local_run(cluster, tmp_path):
    local_cluster, client = cluster
    root = tmp_path / "archive"
    corpus_archive(root, 60)
    write_bytes(root / "2020" / "pages" / "20200828.txt", (EXAMPLES / "page.txt").read_bytes())
    write_bytes(root / "bad.txt", b"\x00")
    write_jsonl(root / "lines.jsonl.gz", [{"text": BODY, "id": "j"}, "{bad"], gz=True)
    here = run_batch([root], tmp_path / "local.jsonl", n_jobs=1, chunk_size=8)
    there = run_batch([root], tmp_path / "dask.jsonl", dask_client=local_cluster.scheduler_address, chunk_size=8)
    assert (there.ok, there.errors) == (here.ok, here.errors) and here.articles == 64  # 60 articles, the page as one, a bad file, two lines
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2  # two worker processes did the work


def test_analyze_many_on_the_default_client(cluster):
    _, client = cluster
    items = [BODY, "", {"text": BODY, "id": "x"}]
    assert list(zhnews.analyze_many(items, backend="dask", dask_client=client, chunk_size=1)) == list(zhnews.analyze_many(items))
