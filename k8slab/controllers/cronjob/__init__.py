"""The CronJob controller: Jobs on a cron schedule."""

from .cronjob_controllerv2 import CronJobController

__all__ = ["CronJobController"]
