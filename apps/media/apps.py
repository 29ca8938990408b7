from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    """Stored files (local MEDIA_ROOT or the S3 bucket): no file outlives its row.

    No model and no import of another app: every model with a FileField is found through the
    app registry, so the apps above need not know about this one.
    """

    name = "apps.media"
    label = "media"
    verbose_name = _("Fichiers stockés")

    def ready(self):
        from .cleanup import connect_file_cleanup

        connect_file_cleanup()
