from django.urls import path

from . import views

app_name = "earlyhelp"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("cohorts/", views.cohorts, name="cohorts"),
    path("children/<int:pk>/refer/", views.refer, name="refer"),
    path("referrals/<int:pk>/", views.referral, name="referral"),
    path("referrals/<int:pk>/contact/", views.contact, name="contact"),
    path("referrals/<int:pk>/review/", views.review, name="review"),
    path("referrals/<int:pk>/close/", views.close, name="close"),
]
