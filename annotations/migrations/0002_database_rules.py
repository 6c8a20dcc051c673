"""Rules that span tables, held by PostgreSQL triggers rather than by Python alone.

- A claim's, quote's or annotation's span must lie inside the article's clean
  text and its text must equal that slice (checked once per statement over the
  new rows, so a bulk insert of thousands of claims reads the article once per row
  in a single join instead of one query each).
- The clean text of an analysed article never changes: every offset indexes it.
- Nobody records a review decision on their own annotation.
- The audit trail is append-only.
"""

from django.db import migrations

SPAN_FUNCTION = """
CREATE FUNCTION axis_check_spans() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    EXECUTE format(
        'SELECT n.id, n.start, n."end" FROM axis_new_rows n
           JOIN annotations_article a ON a.id = n.article_id
          WHERE n.start IS NOT NULL
            AND (n."end" > char_length(a.clean_text)
                 OR substr(a.clean_text, n.start + 1, n."end" - n.start) IS DISTINCT FROM n.%I)
          LIMIT 1',
        TG_ARGV[0]) INTO bad;
    IF bad.id IS NOT NULL THEN
        RAISE EXCEPTION '% %: span [%, %) does not match the article''s clean text',
            TG_TABLE_NAME, bad.id, bad.start, bad."end"
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
"""

SPAN_TRIGGERS = "".join(
    f"""
CREATE TRIGGER {table}_span_matches_insert AFTER INSERT ON annotations_{table}
    REFERENCING NEW TABLE AS axis_new_rows FOR EACH STATEMENT EXECUTE FUNCTION axis_check_spans('{column}');
CREATE TRIGGER {table}_span_matches_update AFTER UPDATE ON annotations_{table}
    REFERENCING NEW TABLE AS axis_new_rows FOR EACH STATEMENT EXECUTE FUNCTION axis_check_spans('{column}');
"""
    for table, column in [("claim", "text"), ("quote", "text"), ("annotation", "exact")]
)

CLEAN_TEXT_FROZEN = """
CREATE FUNCTION axis_refuse_clean_text_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'article %: the clean text of an analysed article cannot change', OLD.id
        USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER article_clean_text_frozen BEFORE UPDATE OF clean_text ON annotations_article
    FOR EACH ROW WHEN (OLD.analysed_at IS NOT NULL AND NEW.clean_text IS DISTINCT FROM OLD.clean_text)
    EXECUTE FUNCTION axis_refuse_clean_text_change();
"""

NO_SELF_DECISION = """
CREATE FUNCTION axis_refuse_self_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM annotations_annotation
                WHERE id = NEW.annotation_id AND author_id = NEW.editor_id) THEN
        RAISE EXCEPTION 'nobody decides on their own annotation'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER reviewdecision_not_own BEFORE INSERT OR UPDATE ON annotations_reviewdecision
    FOR EACH ROW EXECUTE FUNCTION axis_refuse_self_decision();
"""

AUDIT_APPEND_ONLY = """
CREATE FUNCTION axis_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER auditevent_append_only BEFORE UPDATE OR DELETE ON annotations_auditevent
    FOR EACH ROW EXECUTE FUNCTION axis_refuse_audit_change();
"""

REVERSE = """
DROP TRIGGER IF EXISTS auditevent_append_only ON annotations_auditevent;
DROP FUNCTION IF EXISTS axis_refuse_audit_change();
DROP TRIGGER IF EXISTS reviewdecision_not_own ON annotations_reviewdecision;
DROP FUNCTION IF EXISTS axis_refuse_self_decision();
DROP TRIGGER IF EXISTS article_clean_text_frozen ON annotations_article;
DROP FUNCTION IF EXISTS axis_refuse_clean_text_change();
""" + "".join(
    f"""
DROP TRIGGER IF EXISTS {table}_span_matches_insert ON annotations_{table};
DROP TRIGGER IF EXISTS {table}_span_matches_update ON annotations_{table};
"""
    for table in ("claim", "quote", "annotation")
) + "DROP FUNCTION IF EXISTS axis_check_spans();"


class Migration(migrations.Migration):
    dependencies = [("annotations", "0001_initial")]

    operations = [
        migrations.RunSQL(
            SPAN_FUNCTION + SPAN_TRIGGERS + CLEAN_TEXT_FROZEN + NO_SELF_DECISION + AUDIT_APPEND_ONLY,
            REVERSE,
        ),
    ]
