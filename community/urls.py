from django.urls import path

from community.views import member

app_name = "forum"

urlpatterns = [
    path("", member.index, name="index"),
    path("join/", member.join, name="join"),
    path("code-of-conduct/", member.conduct, name="conduct"),
    path("new/", member.topic_new, name="topic_new"),
    path("topics/<int:topic_id>/", member.topic, name="topic"),
    path("posts/<int:post_id>/report/", member.report, name="report"),
    path("posts/<int:post_id>/delete/", member.post_delete, name="post_delete"),
    path("your-posts/", member.your_posts, name="your_posts"),
    path("your-posts/download/", member.download, name="download"),
]
