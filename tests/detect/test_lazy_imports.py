"""`kizashi scan` pays for the model only when a post needs it (issue 21: start-up)."""

import subprocess
import sys

# spacy and ginza: the tear-line's second reader of names (share), never a post's
MODEL_LIBRARIES = ("numpy", "scipy", "sklearn", "pandas", "sqlalchemy", "spacy", "ginza")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(*(m for m in {MODEL_LIBRARIES!r} if m in sys.modules))\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.split()


def test_importing_the_scanner_loads_no_model_library() -> None:
    assert _loaded_after("import kizashi.detect.scanner, kizashi.detect.cli") == []


def test_posts_the_gate_clears_are_scored_without_the_model() -> None:
    code = (
        "from kizashi.detect import scan\n"
        "out = list(scan([{'id': 'a', 'text': '今日はいい天気ですね'}, {'id': 'b', 'text': 'lunch?'}]))\n"
        "assert [o['score'] for o in out] == [0.0, 0.0], out\n"
    )
    assert _loaded_after(code) == []


def test_a_post_through_the_gate_loads_the_model_but_not_scikit_learn() -> None:
    # The n-grams are hashed without scikit-learn (kizashi.detect.ngram_hash): importing it
    # costs about a CPU-second (scipy.stats, pandas), for one hash function.
    code = (
        "from kizashi.detect import scan\n"
        "out = list(scan([{'id': 'a', 'text': '明日あいつを殺す'}]))\n"
        "assert out[0]['score'] > 0, out\n"
    )
    loaded = set(_loaded_after(code))
    assert "numpy" in loaded
    assert not loaded & {"sklearn", "pandas"}
