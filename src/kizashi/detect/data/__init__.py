"""The labelled evaluation set (eval.jsonl), its templates and the script that builds it."""
