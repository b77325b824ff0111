from django.urls import path

from . import views

app_name = "protocol"
urlpatterns = [
    path("", views.case_list, name="cases"),
    path("open/", views.case_open, name="case_open"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/sections/<int:response_pk>/", views.section_edit, name="section"),
    path("cases/<int:pk>/send/", views.case_send, name="send"),
    path("cases/<int:pk>/questions/", views.case_questions, name="questions"),
    path("cases/<int:pk>/charging-decision/", views.charging_decision, name="charging"),
    path("cases/<int:pk>/decision/", views.panel_decision, name="decision"),
    path("panels/", views.panel_list, name="panels"),
    path("panels/<str:held_on>/", views.panel_agenda, name="panel"),
    path("panels/<str:held_on>/members/", views.panel_members, name="panel_members"),
    path("interventions/", views.intervention_list, name="interventions"),
    path("interventions/<int:pk>/done/", views.intervention_done, name="intervention_done"),
    path("panels/<str:held_on>/<str:kind>.pdf", views.panel_pdf, name="panel_pdf"),
]
