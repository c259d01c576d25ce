"""Core v1 schemas for persistent storage: PersistentVolume with its volume sources and
PersistentVolumeClaim.

Facts (field names, types, markers, defaults) from k8s.io/api v0.32.0 core/v1/types.go.
Differences from upstream: descriptions are ours and shorter; the deprecated in-tree drivers are
described in one line each.
"""

from .dsl import declare

declare("core", """
PersistentVolume (kind, list): A piece of storage in the cluster, made by an administrator or provisioned
    from a StorageClass. It lives independently of pods and is bound to one claim at a time.
  spec                      PersistentVolumeSpec  -- Capacity, access modes and where the storage is.
  status                    PersistentVolumeStatus  -- Whether it is available, bound or released.

PersistentVolumeSpec: Description of a persistent volume. Set exactly one storage source.
  capacity                  {Quantity}  -- Its size, e.g. storage: 10Gi.
  gcePersistentDisk         GCEPersistentDiskVolumeSource?  -- Deprecated in-tree driver for GCE disks.
  awsElasticBlockStore      AWSElasticBlockStoreVolumeSource?  -- Deprecated in-tree driver for AWS EBS.
  hostPath                  HostPathVolumeSource?  -- A directory on one node; for tests and single-node clusters.
  glusterfs                 GlusterfsPersistentVolumeSource?  -- Deprecated: a GlusterFS volume.
  nfs                       NFSVolumeSource?  -- An NFS export.
  rbd                       RBDPersistentVolumeSource?  -- Deprecated: a Ceph RBD image.
  iscsi                     ISCSIPersistentVolumeSource?  -- An iSCSI disk.
  cinder                    CinderPersistentVolumeSource?  -- Deprecated in-tree driver for OpenStack Cinder.
  cephfs                    CephFSPersistentVolumeSource?  -- Deprecated: a CephFS mount.
  fc                        FCVolumeSource?  -- A Fibre Channel disk.
  flocker                   FlockerVolumeSource?  -- Deprecated: a Flocker dataset.
  flexVolume                FlexPersistentVolumeSource?  -- Deprecated: a FlexVolume plugin volume.
  azureFile                 AzureFilePersistentVolumeSource?  -- Deprecated in-tree driver for Azure Files.
  vsphereVolume             VsphereVirtualDiskVolumeSource?  -- Deprecated in-tree driver for vSphere.
  quobyte                   QuobyteVolumeSource?  -- Deprecated: a Quobyte volume.
  azureDisk                 AzureDiskVolumeSource?  -- Deprecated in-tree driver for Azure disks.
  photonPersistentDisk      PhotonPersistentDiskVolumeSource?  -- Deprecated: a Photon Controller disk.
  portworxVolume            PortworxVolumeSource?  -- Deprecated in-tree driver for Portworx.
  scaleIO                   ScaleIOPersistentVolumeSource?  -- Deprecated: a ScaleIO volume.
  local                     LocalVolumeSource?  -- A local disk or directory of one node (needs nodeAffinity).
  storageos                 StorageOSPersistentVolumeSource?  -- Deprecated: a StorageOS volume.
  csi                       CSIPersistentVolumeSource?  -- A volume managed by a CSI driver.
  accessModes               [string]  list=atomic  -- How it can be mounted: ReadWriteOnce, ReadOnlyMany,
    ReadWriteMany, ReadWriteOncePod.
  claimRef                  ObjectReference?  -- The claim it is bound to (or reserved for).
  persistentVolumeReclaimPolicy  string  enum=Delete|Recycle|Retain  -- What happens when the claim is deleted:
    Retain keeps the data, Delete removes the storage, Recycle (deprecated) wipes it.
  storageClassName          string  -- The StorageClass it belongs to; only claims of that class bind to it.
  mountOptions              [string]  list=atomic  -- Mount options, e.g. ["hard", "nfsvers=4.1"].
  volumeMode                string  enum=Block|Filesystem  -- Filesystem (the default) or a raw Block device.
  nodeAffinity              VolumeNodeAffinity?  -- The nodes that can reach this volume.
  volumeAttributesClassName  string  -- The VolumeAttributesClass it uses.

PersistentVolumeStatus: Observed state of a persistent volume.
  phase                     string  enum=Available|Bound|Failed|Pending|Released  -- Available (free), Bound (to a
    claim), Released (claim deleted, not yet reclaimed), Failed or Pending.
  message                   string  -- Why it is in this phase.
  reason                    string  -- A CamelCase word for the phase.
  lastPhaseTransitionTime   Time?  -- When the phase last changed.

VolumeNodeAffinity: Which nodes can access a volume.
  required                  NodeSelector?  -- Nodes must match this.

SecretReference (atomic): Names a Secret, possibly in another namespace.
  name                      string  -- Name of the Secret.
  namespace                 string  -- Namespace of the Secret.

LocalVolumeSource: A disk, partition or directory local to one node.
  path*                     string  -- Full path on the node.
  fsType                    string  -- Filesystem type, for block devices.

CSIPersistentVolumeSource: A volume managed by a CSI driver.
  driver*                   string  -- Name of the driver.
  volumeHandle*             string  -- The driver's id of the volume.
  readOnly                  bool  -- Mount read-only.
  fsType                    string  -- Filesystem type.
  volumeAttributes          {string}  -- Driver-specific settings.
  controllerPublishSecretRef  SecretReference?  -- Secret for the attach call.
  nodeStageSecretRef        SecretReference?  -- Secret for the stage call.
  nodePublishSecretRef      SecretReference?  -- Secret for the mount call.
  controllerExpandSecretRef  SecretReference?  -- Secret for the controller expand call.
  nodeExpandSecretRef       SecretReference?  -- Secret for the node expand call.

GlusterfsPersistentVolumeSource: A GlusterFS volume (deprecated).
  endpoints*                string  -- Endpoints object listing the Gluster servers.
  path*                     string  -- Gluster volume name.
  readOnly                  bool  -- Mount read-only.
  endpointsNamespace        string  -- Namespace of the Endpoints object.

RBDPersistentVolumeSource: A Ceph RBD image (deprecated in-tree driver).
  monitors*                 [string]  list=atomic  -- Ceph monitors.
  image*                    string  -- Image name.
  fsType                    string  -- Filesystem type.
  pool                      string  default=rbd  -- RADOS pool.
  user                      string  default=admin  -- RADOS user.
  keyring                   string  default=/etc/ceph/keyring  -- Keyring path.
  secretRef                 SecretReference?  -- Secret with the key, instead of keyring.
  readOnly                  bool  -- Mount read-only.

ISCSIPersistentVolumeSource: An iSCSI target.
  targetPortal*             string  -- Target address, ip:port.
  iqn*                      string  -- iSCSI qualified name of the target.
  lun*                      int32  -- Logical unit number.
  iscsiInterface            string  default=default  -- iSCSI interface name.
  fsType                    string  -- Filesystem type.
  readOnly                  bool  -- Mount read-only.
  portals                   [string]  list=atomic  -- Other target portals.
  chapAuthDiscovery         bool  -- Use CHAP authentication for discovery.
  chapAuthSession           bool  -- Use CHAP authentication for the session.
  secretRef                 SecretReference?  -- Secret with the CHAP credentials.
  initiatorName             string  -- Custom initiator name.

CinderPersistentVolumeSource: An OpenStack Cinder volume (deprecated in-tree driver).
  volumeID*                 string  -- Id of the volume.
  fsType                    string  -- Filesystem type.
  readOnly                  bool  -- Mount read-only.
  secretRef                 SecretReference?  -- Secret with OpenStack credentials.

CephFSPersistentVolumeSource: A CephFS mount (deprecated in-tree driver).
  monitors*                 [string]  list=atomic  -- Ceph monitors.
  path                      string  -- Path in the filesystem; / by default.
  user                      string  -- RADOS user.
  secretFile                string  -- Path of the key file.
  secretRef                 SecretReference?  -- Secret with the key.
  readOnly                  bool  -- Mount read-only.

FlexPersistentVolumeSource: A volume from a FlexVolume driver (deprecated).
  driver*                   string  -- Name of the driver.
  fsType                    string  -- Filesystem type.
  secretRef                 SecretReference?  -- Secret passed to the driver.
  readOnly                  bool  -- Mount read-only.
  options                   {string}  -- Driver options.

AzureFilePersistentVolumeSource: An Azure Files share (deprecated in-tree driver).
  secretName*               string  -- Secret with the storage account name and key.
  shareName*                string  -- Name of the share.
  readOnly                  bool  -- Mount read-only.
  secretNamespace           string  -- Namespace of the Secret; the pod's by default.

ScaleIOPersistentVolumeSource: A ScaleIO volume (deprecated).
  gateway*                  string  -- Gateway address.
  system*                   string  -- Storage system name.
  secretRef*                SecretReference?  -- Secret with the user credentials.
  sslEnabled                bool  -- Use SSL with the gateway.
  protectionDomain          string  -- Protection domain.
  storagePool               string  -- Storage pool.
  storageMode               string  default=ThinProvisioned  -- ThickProvisioned or ThinProvisioned.
  volumeName                string  -- Name of an existing volume.
  fsType                    string  default=xfs  -- Filesystem type.
  readOnly                  bool  -- Mount read-only.

StorageOSPersistentVolumeSource: A StorageOS volume (deprecated).
  volumeName                string  -- Volume name.
  volumeNamespace           string  -- StorageOS namespace.
  fsType                    string  -- Filesystem type.
  readOnly                  bool  -- Mount read-only.
  secretRef                 ObjectReference?  -- Secret with the API credentials.

PersistentVolumeClaim (kind, list): A request for storage by a user: how much, with which access mode and
    class. The control plane binds it to a matching PersistentVolume (provisioning one if needed), and
    pods mount the claim.
  spec                      PersistentVolumeClaimSpec  -- What is asked for.
  status                    PersistentVolumeClaimStatus  -- Whether it is bound and what it got.

PersistentVolumeClaimStatus: Observed state of a claim.
  phase                     string  enum=Bound|Lost|Pending  -- Pending, Bound, or Lost (its volume is gone).
  accessModes               [string]  list=atomic  -- Access modes of the bound volume.
  capacity                  {Quantity}  -- Size of the bound volume.
  conditions                [PersistentVolumeClaimCondition]  list=map(type) smp=merge:type  -- Conditions,
    e.g. Resizing.
  allocatedResources        {Quantity}  -- Storage set aside during a resize.
  allocatedResourceStatuses  {string}  maptype=granular  -- Progress of a resize per resource.
  currentVolumeAttributesClassName  string  -- The VolumeAttributesClass in effect.
  modifyVolumeStatus        ModifyVolumeStatus?  -- Progress of a change of VolumeAttributesClass.

PersistentVolumeClaimCondition: One aspect of a claim's state.
  type*                     string  -- The condition, e.g. Resizing or FileSystemResizePending.
  status*                   string  -- True, False or Unknown.
  lastProbeTime             Time  -- When it was last checked.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word for the last change.
  message                   string  -- A sentence about the last change.

ModifyVolumeStatus: Progress of a volume attributes change.
  targetVolumeAttributesClassName  string  -- The class being applied.
  status*                   string  enum=InProgress|Infeasible|Pending  -- Pending, InProgress or Infeasible.
""")
