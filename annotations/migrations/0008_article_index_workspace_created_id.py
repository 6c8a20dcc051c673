"""Index articles by (workspace, created, id), newest first: the order of the article list's keyset pages.

The id breaks ties between articles stored in the same microsecond, so a page
ends at one row and the next starts after it. The new index is built before the
old one, (workspace, created), is dropped: it serves every query the old one did.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("annotations", "0007_span_check_groups_rows_by_article")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["workspace", "-created", "-id"], name="article_workspace_created_id"),
        ),
        migrations.RemoveIndex(model_name="article", name="article_workspace_created"),
    ]
