from tests.web.conftest import csrf_of

def test_smoke(as_user, seeded):
    c = as_user("analyst")
    for url in ["/ui/", "/ui/alerts", f"/ui/alerts/{seeded.main_alert}", f"/ui/entities/{seeded.main_entity}", f"/ui/reports/{seeded.reports['garage']}"]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.text[:3000])
        import re; assert not re.search(r"\[[a-z][a-z0-9_]*\]", r.text), re.findall(r"\[[a-z][a-z0-9_]*\]", r.text)
