from django.urls import path

from guidance import news

app_name = "news"

urlpatterns = [
    path("", news.news_list, name="list"),
    path("feed/", news.NewsFeed(), name="feed"),
    path("<slug:slug>/", news.news_detail, name="detail"),
]
