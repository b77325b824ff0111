from django.urls import path

from . import views

app_name = "earlyhelp"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("cohorts/", views.cohorts, name="cohorts"),
    path("children/<int:pk>/refer/", views.refer, name="refer"),
    path("families/new/", views.refer_new_family, name="refer_new_family"),
    path("families/<int:pk>/", views.family, name="family"),
    path("families/<int:pk>/refer/", views.refer_family, name="refer_family"),
    path("referrals/<int:pk>/", views.referral, name="referral"),
    path("referrals/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("referrals/<int:pk>/contact/", views.contact, name="contact"),
    path("referrals/<int:pk>/review/", views.review, name="review"),
    path("referrals/<int:pk>/close/", views.close, name="close"),
]
