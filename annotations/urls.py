from django.urls import path

from annotations.views import articles, editorial

app_name = "annotations"

urlpatterns = [
    path("", articles.home, name="home"),
    path("articles/<int:pk>/", articles.article_detail, name="article-detail"),
    # Editorial workflow (queue, decisions, audit trail)
    *editorial.urlpatterns,
]
