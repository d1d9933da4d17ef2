"""ops: running kizashi for real — the production profile, health, metrics, backups.

An app, like the demo: it knows every room. ``profile`` holds the checks `kizashi doctor`
prints and the production profile enforces before `kizashi serve` or `kizashi worker` start;
``http`` the request middleware and ``/healthz``, ``/readyz``, ``/metrics`` (``health``,
``store_metrics``); ``backup`` and ``restore`` copy the store with its audit chain and put it
back without letting the log's history be rewritten unnoticed. The commands are in
``kizashi.cli.ops``. See docs/operations.md.
"""

from kizashi.ops.profile import Check, Launch, ProductionProfileError, enforce, run_checks

__all__ = ["Check", "Launch", "ProductionProfileError", "enforce", "run_checks"]
