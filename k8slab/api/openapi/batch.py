"""batch/v1 (Job, CronJob) and autoscaling/v1 (Scale, HorizontalPodAutoscaler) schemas.

Facts (field names, types, markers) from k8s.io/api v0.32.0 batch/v1/types.go and
autoscaling/v1/types.go.
Differences from upstream: descriptions are ours and shorter.
"""

from .dsl import declare

declare("batch", """
Job (kind, list): Runs pods until a number of them finish successfully: batch work, one-off tasks.
    Failed pods are retried up to a limit.
  spec                      JobSpec  -- Pod template, how many completions and how much parallelism.
  status                    JobStatus  -- Counts of active, succeeded and failed pods.

JobSpec: Desired behaviour of a Job.
  parallelism               int32  -- How many pods may run at once. 1 by default.
  completions               int32  -- How many successful pods finish the Job. 1 by default; empty means any
    success finishes it once all pods stop.
  activeDeadlineSeconds     int64  -- Seconds after the start before the Job is stopped and marked failed.
  podFailurePolicy          PodFailurePolicy?  -- Rules on which pod failures count, are ignored or fail the Job.
  successPolicy             SuccessPolicy?  -- For Indexed Jobs: when the Job counts as succeeded early.
  backoffLimit              int32  -- Retries before the Job is marked failed. 6 by default.
  backoffLimitPerIndex      int32  -- For Indexed Jobs: retries allowed per index.
  maxFailedIndexes          int32  -- For Indexed Jobs: failed indexes allowed before the Job fails.
  selector                  LabelSelector?  -- Which pods belong to the Job. Generated unless manualSelector.
  manualSelector            bool  -- Use the given selector instead of a generated one. Rarely wise.
  template*                 PodTemplateSpec  -- The pod to run; restartPolicy must be Never or OnFailure.
  ttlSecondsAfterFinished   int32  -- Delete the finished Job (and its pods) after this many seconds.
  completionMode            string  enum=Indexed|NonIndexed  -- NonIndexed (the default): pods are interchangeable;
    Indexed: each pod gets an index from 0 to completions-1.
  suspend                   bool  -- While true, no pods are created and running ones are stopped.
  podReplacementPolicy      string  enum=Failed|TerminatingOrFailed  -- When a replacement pod may start: once
    the old one is terminating, or only once it has fully failed.
  managedBy                 string  -- The controller in charge; the built-in one when empty.

PodFailurePolicy: Rules applied to failed pods, in order; the first match decides.
  rules*                    [PodFailurePolicyRule]  list=atomic  -- The rules.

PodFailurePolicyRule: What to do with a failed pod that matches.
  action*                   string  enum=Count|FailIndex|FailJob|Ignore  -- FailJob, FailIndex, Ignore (do not count
    towards backoffLimit) or Count (the usual).
  onExitCodes               PodFailurePolicyOnExitCodesRequirement?  -- Match on container exit codes.
  onPodConditions           [PodFailurePolicyOnPodConditionsPattern]  list=atomic  -- Match on pod conditions,
    e.g. DisruptionTarget.

PodFailurePolicyOnExitCodesRequirement: Matches on exit codes.
  containerName             string  -- Only this container; any container when empty.
  operator*                 string  enum=In|NotIn  -- Whether the code must be in or not in values.
  values*                   [int32]  list=set  -- The exit codes.

PodFailurePolicyOnPodConditionsPattern: Matches on a pod condition.
  type*                     string  -- The condition type.
  status*                   string  -- The status it must have; True by default.

SuccessPolicy: When an Indexed Job succeeds before every index has.
  rules*                    [SuccessPolicyRule]  list=atomic  -- Any matching rule makes the Job succeed.

SuccessPolicyRule: A success condition for an Indexed Job.
  succeededIndexes          string  -- These indexes must have succeeded, e.g. "0,2-5".
  succeededCount            int32  -- At least this many of them.

JobStatus: Observed state of a Job.
  conditions                [JobCondition]  list=atomic smp=merge:type  -- Complete, Failed, Suspended...
  startTime                 Time?  -- When the Job started.
  completionTime            Time?  -- When it completed successfully.
  active                    int32  -- Pods running.
  succeeded                 int32  -- Pods that succeeded.
  failed                    int32  -- Pods that failed.
  terminating               int32  -- Pods being terminated.
  completedIndexes          string  -- For Indexed Jobs: indexes that succeeded, e.g. "1,3-5".
  failedIndexes             string  -- For Indexed Jobs: indexes that failed.
  uncountedTerminatedPods   UncountedTerminatedPods?  -- Finished pods not yet added to the counters.
  ready                     int32  -- Pods that are ready.

JobCondition: One aspect of a Job's state.
  type*                     string  -- Complete, Failed, Suspended, FailureTarget or SuccessCriteriaMet.
  status*                   string  -- True, False or Unknown.
  lastProbeTime             Time  -- When it was last checked.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word, e.g. BackoffLimitExceeded.
  message                   string  -- A sentence about the condition.

UncountedTerminatedPods: Uids of finished pods the controller has not counted yet.
  succeeded                 [string]  list=set  -- Succeeded pods.
  failed                    [string]  list=set  -- Failed pods.

CronJob (kind, list): Creates a Job on a repeating schedule written in cron syntax.
  spec                      CronJobSpec  -- Schedule and the Job to create.
  status                    CronJobStatus  -- Running Jobs and last schedule times.

CronJobSpec: Desired behaviour of a CronJob.
  schedule*                 string  -- When to run, in cron format: "*/5 * * * *" is every five minutes.
  timeZone                  string  -- Time zone for the schedule, e.g. Europe/Paris; the controller's when empty.
  startingDeadlineSeconds   int64  -- A run that could not start within this many seconds of its time is skipped.
  concurrencyPolicy         string  enum=Allow|Forbid|Replace  -- What to do when the previous Job still runs:
    Allow (the default), Forbid (skip this run) or Replace (stop the old one).
  suspend                   bool  -- While true, no new Jobs are created.
  jobTemplate*              JobTemplateSpec  -- The Job to create.
  successfulJobsHistoryLimit  int32  -- Finished successful Jobs to keep. 3 by default.
  failedJobsHistoryLimit    int32  -- Failed Jobs to keep. 1 by default.

JobTemplateSpec: The Job a CronJob creates.
  metadata                  ObjectMeta  -- Labels and annotations for the Jobs.
  spec                      JobSpec  -- The Job's spec.

CronJobStatus: Observed state of a CronJob.
  active                    [ObjectReference]  list=atomic  -- Jobs currently running.
  lastScheduleTime          Time?  -- When a Job was last scheduled.
  lastSuccessfulTime        Time?  -- When a Job last finished successfully.
""")

declare("autoscaling", """
Scale (kind): The scale subresource of a workload (deployments/scale, replicasets/scale...): its desired
    and current replica counts, without the rest of the object. kubectl scale and autoscalers use it.
  spec                      ScaleSpec  -- Desired replicas.
  status                    ScaleStatus  -- Current replicas and the pod selector.

ScaleSpec: Desired scale.
  replicas                  int32  -- How many replicas should run.

ScaleStatus: Current scale.
  replicas*                 int32  -- How many replicas exist.
  selector                  string  -- The pod label selector as a string, as in kubectl -l.

HorizontalPodAutoscaler (kind, list): Adjusts the replicas of a workload to keep average CPU use near a
    target. (autoscaling/v2 adds memory and custom metrics.)
  spec                      HorizontalPodAutoscalerSpec  -- Target workload, replica bounds and CPU target.
  status                    HorizontalPodAutoscalerStatus  -- Current and desired replicas.

HorizontalPodAutoscalerSpec: Desired autoscaling behaviour.
  scaleTargetRef*           CrossVersionObjectReference  -- The workload to scale, which must have a scale
    subresource.
  minReplicas               int32  -- Never scale below this. 1 by default.
  maxReplicas*              int32  -- Never scale above this.
  targetCPUUtilizationPercentage  int32  -- Average CPU use to aim for, as a percentage of the pods' CPU requests.

HorizontalPodAutoscalerStatus: Observed autoscaling state.
  observedGeneration        int64  -- The generation last acted on.
  lastScaleTime             Time?  -- When it last changed the replica count.
  currentReplicas*          int32  -- Replicas now.
  desiredReplicas*          int32  -- Replicas it wants.
  currentCPUUtilizationPercentage  int32  -- Average CPU use now, as a percentage of requests.

CrossVersionObjectReference (atomic): Names an object of a given kind and API version.
  kind*                     string  -- Kind, e.g. Deployment.
  name*                     string  -- Name.
  apiVersion                string  -- API version, e.g. apps/v1.
""")
