from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("", views.index, name="index"),
    path("indicator/", views.indicator, name="indicator"),
    path("reconciliation/", views.reconciliation_list, name="reconciliation"),
    path("reconciliation/<int:year>/<int:child_pk>/", views.reconciliation_resolve, name="resolve"),
    path("impact/", views.impact, name="impact"),
    path("report/", views.report, name="report"),
    path("unit-costs/", views.unit_cost_list, name="unit_costs"),
    path("unit-costs/<str:key>/", views.unit_cost_edit, name="unit_cost"),
    path("report/<int:year>.<str:fmt>", views.report_file, name="report_file"),
]
