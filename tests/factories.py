"""factory_boy factories for the Axis models."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from annotations import models

ARTICLE_TEXT = (
    "The council approved a budget of $4.2 million on Tuesday.\n\n"
    "“We cannot wait another year,” said Maria Lopez, director of the Flood Office.\n\n"
    "Critics said the plan was rushed."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Workspace

    name = factory.Sequence(lambda n: f"Newsroom {n}")
    slug = factory.Sequence(lambda n: f"newsroom-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    user = factory.SubFactory(UserFactory)
    workspace = factory.SubFactory(WorkspaceFactory)
    role = models.Membership.Role.REVIEWER


class ArticleFactory(factory.django.DjangoModelFactory):
    """An analysed article whose clean text is its raw text."""

    class Meta:
        model = models.Article

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    raw_text = factory.Sequence(lambda n: f"{ARTICLE_TEXT}\n\nEdition {n}.")
    clean_text = factory.LazyAttribute(lambda a: a.raw_text)
    content_hash = factory.LazyAttribute(lambda a: models.Article.hash_text(a.raw_text))
    status = models.Article.Status.READY
    analysed_at = factory.LazyFunction(timezone.now)


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim on the first sentence of its article's clean text, unless told otherwise."""

    class Meta:
        model = models.Claim

    article = factory.SubFactory(ArticleFactory)
    ordinal = factory.Sequence(int)
    start = 0
    end = factory.LazyAttribute(lambda c: c.article.clean_text.index(".") + 1)
    text = factory.LazyAttribute(lambda c: c.article.clean_text[c.start : c.end])
    checkworthiness = 0.5


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Quote

    article = factory.SubFactory(ArticleFactory)
    source = factory.SubFactory(SourceFactory, workspace=factory.SelfAttribute("..article.workspace"))
    start = factory.LazyAttribute(lambda q: q.article.clean_text.index("“") + 1)
    end = factory.LazyAttribute(lambda q: q.article.clean_text.index("”"))
    text = factory.LazyAttribute(lambda q: q.article.clean_text[q.start : q.end])
    kind = models.Quote.Kind.DIRECT


class AnnotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Annotation

    claim = factory.SubFactory(ClaimFactory)
    article = factory.SelfAttribute("claim.article")
    author = factory.SubFactory(UserFactory)
    note = "Needs a source."
