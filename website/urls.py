from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from website import views, views_stories

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("cookies/", views.cookies, name="cookies"),
    path("information-pack-request/", views.information_pack_request, name="information_pack_request"),
    path("information-pack-link/<str:token>/", views.information_pack_open, name="information_pack_open"),
    path("your-adoption/forum/", include("community.urls")),
    path("your-story/send/", views_stories.story_send, name="story_send"),
    path("your-story/withdraw/<str:token>/", views_stories.story_withdraw, name="story_withdraw"),
    path("", include("crm.urls")),
    path("", include("campaigns.urls")),
]

if settings.SERVE_MEDIA:
    # Development and tests only; production serves media from its own storage.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include(wagtail_urls))]
