"""The exports of kizashi.text and kizashi.detect are pinned."""

import kizashi.detect
import kizashi.text


def test_text_exports() -> None:
    assert sorted(kizashi.text.__all__) == [
        "DecodeTableError",
        "Decoding",
        "EMOJI",
        "LONE_SURROGATE",
        "MASK_SHAPES",
        "Mapped",
        "SPELLING",
        "Tables",
        "TextViews",
        "Token",
        "WORD_GAP",
        "clause_of",
        "clause_starts",
        "drop_elongation",
        "drop_stretch",
        "fold_spelling",
        "inside_katakana_run",
        "kanji_readings",
        "kanji_with_reading",
        "load_tables",
        "markup_spans",
        "model_decoded_text",
        "read_harm_spellings",
        "romaji_to_hiragana",
        "spelling_variants",
        "strip_invisible",
        "strip_markup",
        "tokenize",
        "views",
        "without_surrogates",
        "word_pos",
    ]


def test_detect_exports() -> None:
    assert sorted(kizashi.detect.__all__) == [
        "CATEGORIES",
        "COMPONENTS",
        "Lexicon",
        "LexiconError",
        "RuleHit",
        "RuleResult",
        "Scored",
        "Scorer",
        "ScorerModel",
        "SignalSummary",
        "SuppressedHit",
        "WatchList",
        "detect_rules",
        "detect_views",
        "load_lexicon",
        "load_model",
        "load_watchlist",
        "model_version",
        "parse_lexicon",
        "protected_labels",
        "read_lexicon_files",
        "run_rules",
        "scan",
        "scan_texts",
        "score_reports",
        "shared_data_dir",
        "shipped_model",
        "store_signals",
        "train_model",
    ]


def test_every_lazy_export_resolves() -> None:
    for name in kizashi.detect.__all__:
        assert getattr(kizashi.detect, name) is not None


def test_evidence_has_the_output_contract_keys() -> None:
    result = kizashi.detect.detect_rules("桜井を56す")
    (evidence,) = [e for e in result.evidence() if e["rule"] == "threat-kill-ja"]
    assert evidence == {
        "rule": "threat-kill-ja",
        "start": 3,
        "end": 6,
        "text": "56す",
        "view": "decoded:goroawase",
    }


def test_scan_is_the_function_even_after_its_module_is_imported() -> None:
    import kizashi.detect.scanner  # noqa: F401  # what the CLI, API and store import
    from kizashi.detect import scan

    assert callable(scan) and scan.__module__ == "kizashi.detect.scanner"
