"""The exports of kizashi.share are pinned: changing them is a deliberate act."""

import kizashi.share


def test_share_exports() -> None:
    assert sorted(kizashi.share.__all__) == [
        "Finding",
        "HANDLING_CODES",
        "ShareRefusedError",
        "ShareService",
        "TearLine",
        "acknowledge",
        "answer_request",
        "ask",
        "decide_request",
        "diff",
        "draft_and_submit",
        "draft_request",
        "export_bundle",
        "find_personal_data",
        "get_request",
        "import_misp",
        "import_stix",
        "inbox",
        "mark_notifications_read",
        "notifications",
        "open_share",
        "read_copy",
        "record_action",
        "release",
        "request_dashboard",
        "send_request",
        "submit_request",
        "tearline",
        "unread_count",
        "validate_bundle",
    ]


def test_every_export_resolves() -> None:
    for name in kizashi.share.__all__:
        assert getattr(kizashi.share, name) is not None, name
