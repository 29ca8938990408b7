app_name = "minutes"

urlpatterns = []
