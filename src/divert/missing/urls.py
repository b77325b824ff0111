from django.urls import path

from . import views

app_name = "missing"
urlpatterns = [
    path("", views.episode_list, name="episodes"),
    path("episodes/<int:pk>/", views.episode_detail, name="episode"),
    path("episodes/<int:pk>/finalise/", views.finalise, name="finalise"),
    path("episodes/<int:pk>/return-interview/", views.return_interview, name="return_interview"),
    path("episodes/<int:pk>/referrals/", views.referrals, name="referrals"),
    path("episodes/<int:pk>/return-details/", views.return_details, name="return_details"),
    path("episodes/<int:pk>/risk-review/", views.risk_review, name="risk_review"),
    path("compliance/", views.compliance, name="compliance"),
    path("compliance/<int:item_pk>/escalate/", views.escalate, name="escalate"),
    path("escalations/", views.escalations, name="escalations"),
    path("pack/", views.pack, name="pack"),
    path("pack.pdf", views.pack_pdf, name="pack_pdf"),
]
