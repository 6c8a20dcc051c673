"""The editor's queue, review decisions and the audit trail."""

urlpatterns: list = []
