from django.core.cache import caches
from django.utils.safestring import SafeString

from annotations.views.fragments import cached_fragments


def test_cached_fragments_are_stored_under_the_digest_of_the_rows_they_were_built_from():
    caches["fragments"].clear()
    built = []

    def build():
        built.append(1)
        return "read", ("<b>one</b>", "<i>two</i>")

    assert cached_fragments("test", "asked", build) == ("<b>one</b>", "<i>two</i>")
    # Asked again under the digest of the summary, the rows changed meanwhile: built again.
    cached_fragments("test", "asked", build)
    assert len(built) == 2
    pieces = cached_fragments("test", "read", build)
    assert len(built) == 2
    assert pieces == ("<b>one</b>", "<i>two</i>")
    assert all(isinstance(piece, SafeString) for piece in pieces)
