"""The Job controller: runs pods until enough of them succeed, or the Job fails."""

from .job_controller import JobController

__all__ = ["JobController"]
