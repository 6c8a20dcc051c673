from django.urls import path

from annotations.views import articles

app_name = "annotations"

urlpatterns = [
    path("", articles.home, name="home"),
    path("articles/<int:pk>/", articles.article_detail, name="article-detail"),
]
