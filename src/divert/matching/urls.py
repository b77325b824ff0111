from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/", views.review_item, name="review_item"),
    path("undo/<str:subject_type>/<int:subject_id>/", views.undo, name="undo"),
]
